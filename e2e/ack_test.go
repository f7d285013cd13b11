package e2e

import (
	"fmt"
	"testing"
	"time"
)

// Every test checks its acks at cleanup (see checkAcks) and TestMain prints
// the slowest of the package. This test adds load: a burst of commands of
// every kind, sent at once while a boost is being applied, must all be acked
// within Slack's deadline, and each must still be answered.
func TestBurstOfCommandsAckedWithinDeadline(t *testing.T) {
	e := newEnv(t)
	e.ack(e.command(allowed, "boost payments 4 for 30m", "trig-boost"), "boost")

	texts := []string{"status", "help", "analyze orders-*", "status payments", "boost payments 3 for 1h",
		"extend payments 30m", "bogus words", "analyze", "boost nosuch 4 for 1h", "help"}
	ids := make([]string, 0, len(texts))
	for i, text := range texts {
		ids = append(ids, e.command(allowed, text, fmt.Sprintf("trig-burst-%d", i)))
	}
	var slowest time.Duration
	for i, id := range ids {
		a := e.ack(id, "/capacity "+texts[i])
		slowest = max(slowest, a.Latency)
	}
	t.Logf("%d commands sent at once; slowest ack %s", len(ids), slowest)
	if slowest >= ackBudget {
		t.Errorf("slowest ack %s, Slack's budget is %s", slowest, ackBudget)
	}
	// Each command was answered (ephemeral or via response_url), not just acked.
	if err := e.slack.WaitUntil(ctxFor(t, wait), func() bool {
		return len(e.slack.CallsTo("chat.postEphemeral"))+len(e.slack.CallsTo("response_url")) >= len(texts)+1
	}); err != nil {
		t.Errorf("not every command was answered: %v\n%s", err, dumpCalls(e.slack.Calls()))
	}
}
