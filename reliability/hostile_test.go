package reliability

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/workflows"
)

// handlerWorld is a bot.Handler over recording fakes: no Temporal, no Slack.
type handlerWorld struct {
	h      *bot.Handler
	engine *bottest.Engine
	logs   *logSink
}

func newHandlerWorld(allowedChannels []string) *handlerWorld {
	logs := &logSink{}
	engine := newRecEngine("ns03.rel")
	auth := bot.NewAuthorizer([]string{boostUser}, nil, allowedChannels, nil, time.Minute, nil)
	policy := workflows.Policy{MaxTRUs: 8, MaxDuration: 72 * time.Hour, MaxLead: 31 * 24 * time.Hour,
		Filter: capacity.NamespaceFilter{Deny: []string{"ledger*"}}}
	h := bot.NewHandler(bot.HandlerOptions{Engine: engine, Cloud: fakeCloud{namespaces: []string{"ns01.rel", "ns02.rel", "ns03.rel", "ledger.rel"}},
		Auth: auth, Policy: policy, DefaultDuration: 2 * time.Hour, Simulated: true,
		Now: hostileNow, Logger: logs.logger().With(zap.String("test", "hostile"))})
	return &handlerWorld{h: h, engine: engine, logs: logs}
}

// hostileNow is the fixed clock of the hostile-input table.
func hostileNow() time.Time { return time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC) }

// hostileCommands are /capacity texts meant to break or abuse the bot, each
// with the words its refusal must contain.
func hostileCommands() []struct{ name, text, want string } {
	long := strings.Repeat("x", 100_000)
	return []struct{ name, text, want string }{
		{"very long reason", "boost ns01.rel 4 for 1h " + long, "the limit is 2000"},
		{"very long namespace", "boost " + strings.Repeat("a", 5000) + " 4 for 1h", "the limit is 2000"},
		{"very long garbage", long, "the limit is 2000"},
		{"namespace just under the length limit", "boost " + strings.Repeat("a", 1900) + " 4", "is not a namespace"},
		{"accented namespace", "boost nś01.rel 4 for 1h", "is not a namespace"},
		{"full-width digit", "boost ns01.rel ４ for 1h", "is not a number of TRUs"},
		{"right-to-left override", "boost \u202ens01.rel 4 for 1h", "is not a namespace"},
		{"zero-width space", "boost ns01\u200b.rel 4 for 1h", "is not a namespace"},
		{"invalid UTF-8", "boost ns01.rel 4 for 1h \xff\xfe", "not valid UTF-8"},
		{"<!channel> in the reason", "boost ns01.rel 4 for 1h <!channel> now", "may not mention"},
		{"@here in the reason", "boost ns01.rel 4 for 1h @here", "may not mention @here"},
		{"user mention as namespace", "boost <@U999> 4 for 1h", "looks like a Slack mention or link"},
		{"group mention as namespace", "boost <!subteam^S1> 4 for 1h", "looks like a Slack mention or link"},
		{"disguised link as namespace", "boost <https://evil.example|ns01.rel> 4 for 1h", "looks like a Slack mention or link"},
		{"negative TRUs", "boost ns01.rel -4 for 1h", "must be above 0"},
		{"zero TRUs", "boost ns01.rel 0 for 1h", "must be above 0"},
		{"negative duration", "boost ns01.rel 4 for -1h", "is not a duration"},
		{"huge TRUs", "boost ns01.rel 1e308 for 1h", "far more than any namespace"},
		{"TRUs beyond int64", "boost ns01.rel 99999999999999999999 for 1h", "far more than any namespace"},
		{"NaN TRUs", "boost ns01.rel NaN for 1h", "is not a number of TRUs"},
		{"infinite TRUs", "boost ns01.rel Inf for 1h", "is not a number of TRUs"},
		{"huge duration", "boost ns01.rel 4 for 100000h", "A boost may last at most 3d"},
		{"overflowing duration", "boost ns01.rel 4 for 9999999999999h", "is too long"},
		{"negative extension", "extend ns03.rel -1h", "is not a duration"},
		{"huge extension", "extend ns03.rel 9999999h", "is too long"},
		{"zero extension", "extend ns03.rel 0s", "too short"},
		{"end in 1970", "boost ns01.rel 4 until 1970-01-01 00:00", "is in the past"},
		{"end in 9999", "boost ns01.rel 4 until 9999-12-31 23:59", "A boost may last at most 3d"},
		{"end yesterday", "boost ns01.rel 4 until 2026-11-25T00:00:00Z", "is in the past"},
		{"end in a century", "boost ns01.rel 4 until 2126-11-25T00:00:00Z", "A boost may last at most 3d"},
		{"unknown namespace", "boost nosuch.rel 4 for 1h", "There is no namespace nosuch.rel"},
		{"denied namespace", "boost ledger.rel 4 for 1h", "not a namespace this bot may change"},
		{"extend unknown namespace", "extend nosuch.rel 1h", "No boost is running for nosuch.rel"},
		{"revert unknown namespace", "revert nosuch.rel", "No boost is running for nosuch.rel"},
		{"boost every namespace", "boost * 4 for 1h", "is not a namespace"},
		{"boost a glob", "boost ns* 4 for 1h", "is not a namespace"},
		{"boost **", "boost ** 4 for 1h", "is not a namespace"},
		{"extend every namespace", "extend * 1h", "is not a namespace"},
		{"revert every namespace", "revert *", "is not a namespace"},
		{"revert a glob", "revert ns*", "is not a namespace"},
		{"thousands of globs", "analyze " + strings.Repeat("* ", 5000), "the limit is 2000"},
	}
}

// TestHostileCommands sends each hostile command through bot.Handler, the
// code both Slack and the console call, as a user who may boost: each is
// refused with a message saying why, and nothing reaches the engine.
func TestHostileCommands(t *testing.T) {
	cnt := newCounters("5 hostile input")
	for run := 0; run < runs(t); run++ {
		hw := newHandlerWorld(nil)
		for _, tc := range hostileCommands() {
			t.Run(tc.name, func(t *testing.T) {
				hw.engine.Reset()
				r := hw.h.Handle(context.Background(), bot.Caller{UserID: boostUser, ChannelID: channel, RequestKey: "k"}, tc.text)
				changes := hw.engine.Changes()
				cnt.add(func(c *counts) {
					c.Runs++
					if r.Refused && len(changes) == 0 {
						c.Refusals++
					}
				})
				if !r.Refused || !strings.Contains(r.Text, tc.want) {
					t.Errorf("%q: refused %v, reply %q; want a refusal saying %q", clip(tc.text, 80), r.Refused, clip(r.Text, 300), tc.want)
				}
				if len(changes) > 0 {
					t.Errorf("%q reached the engine: %v", clip(tc.text, 80), changes)
				}
				if r.WorkflowID != "" || r.OpenModal {
					t.Errorf("%q: started %q, opened a modal %v", clip(tc.text, 80), r.WorkflowID, r.OpenModal)
				}
				if len(r.Text) > 4000 {
					t.Errorf("%q: the reply is %d bytes long; a refusal must not echo a flood back", clip(tc.text, 80), len(r.Text))
				}
			})
		}
		checkNoSecrets(t, hw.logs, cnt)
	}
}
