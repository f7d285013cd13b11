package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
)

// plainPost matches a message Slack took without blocks in ch whose text
// contains every part: the fallback after a refusal.
func plainPost(method, ch string, parts ...string) func(fakeslack.Call) bool {
	return func(c fakeslack.Call) bool {
		b := string(c.Blocks())
		return c.Method == method && c.Param("channel") == ch && c.Error == "" && (b == "" || b == "[]") &&
			containsAll(c.Param("text"), parts...)
	}
}

// TestSlackRefusingBlocksDegradesToText runs an analysis and a boost in a
// workspace that refuses every message with blocks: the report, the boost's
// root message, its thread replies and its edits all arrive as plain text,
// and the capacity change happens on time regardless.
func TestSlackRefusingBlocksDegradesToText(t *testing.T) {
	e := newEnv(t)
	e.slack.RefuseBlocks("", fakeslack.ErrInvalidBlocks)

	e.ack(e.command(allowed, "analyze", "trig-analyze"), "/capacity analyze")
	e.waitCall(0, wait, "the report as plain text", plainPost("chat.postMessage", channel, "Capacity analysis", payments, "SIMULATED"))

	e.ack(e.command(allowed, "boost payments 4 for 1m refusal test", "trig-boost"), "one-line boost")
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	e.waitCall(0, wait, "the boost's root message as plain text", func(c fakeslack.Call) bool {
		return plainPost("chat.postMessage", channel, "Boost", payments, "refusal test")(c) && c.Param("thread_ts") == ""
	})
	e.waitCall(0, wait, "a thread reply as plain text", func(c fakeslack.Call) bool {
		return plainPost("chat.postMessage", channel, "is now at")(c) && c.Param("thread_ts") != ""
	})
	e.waitCall(0, wait, "the root message edited as plain text", func(c fakeslack.Call) bool {
		return plainPost("chat.update", channel, payments)(c) && c.Param("ts") != "" && strings.Contains(c.Param("text"), "active")
	})
	e.waitCapacity(payments, clients.OnDemand(), time.Minute+wait) // reverted on time, after its minute
}
