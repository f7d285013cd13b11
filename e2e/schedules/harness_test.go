// Package schedules_test drives recurring boosts, scheduled reports and the
// throttling watch end to end: a real Temporal server (temporaltest, which
// runs Schedules), the simulated cloud over the wire, and the Slack bot over
// the fake Slack's Socket Mode, wired the way cmd/capacitybot wires them.
package schedules_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	allowed      = "UALLOWED"
	stranger     = "USTRANGER"
	channel      = "C100"
	alertChannel = "C_ALERTS"
	wait         = 20 * time.Second
	simKey       = "simulated"
)

type env struct {
	t     *testing.T
	slack *fakeslack.Server
	cloud *simcloud.Cloud
	tc    client.Client
	tq    string
	log   *zap.Logger
}

func newEnv(t *testing.T) *env {
	t.Helper()
	tc := testworld.StartTemporal(t)
	cloud := testworld.StartCloud(t, simcloud.DemoAccount(), simcloud.Options{OpDelay: 500 * time.Millisecond, CheckDuration: 100 * time.Millisecond})
	e := &env{t: t, slack: fakeslack.New(t, fakeslack.WithPingInterval(500*time.Millisecond)), cloud: cloud,
		tc: tc, tq: testworld.TaskQueue(t, "sched-"), log: zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))}
	e.start()
	return e
}

// start runs the worker and the Slack bot, as main does.
func (e *env) start() {
	t := e.t
	policy := workflows.Policy{MaxTRUs: 8, MaxDuration: 12 * time.Hour, ActionPricePerMillion: 50}
	p, err := testworld.StartProcess(testworld.ProcessOptions{Temporal: e.tc, TaskQueue: e.tq, Cloud: e.cloud,
		CloudKey: simKey, Slack: e.slack, BotToken: "xoxb-e2e", AppToken: "xapp-e2e", BoostUsers: []string{allowed},
		Policy: policy, AlertChannel: alertChannel, Logger: e.log,
		Metrics: telemetry.New(), Connections: 1, PingInterval: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	w, b, ops := p.Worker, p.Bot, p.Ops
	t.Cleanup(func() {
		w.Stop()
		_ = ops.Close()
	})
	bottest.RunUntilCleanup(t, b.Run, wait)
	if err := e.slack.WaitConnects(1, wait); err != nil {
		t.Fatalf("bot did not connect to the fake Slack: %v", err)
	}
	e.eventually("bot connected", b.Connected)
}

func (e *env) eventually(what string, cond func() bool) {
	e.t.Helper()
	if !testworld.Poll(wait, 20*time.Millisecond, cond) {
		e.t.Fatalf("%s: not reached within %s", what, wait)
	}
}

var triggerSeq struct {
	sync.Mutex
	n int
}

// command types a /capacity command and waits for its ack.
func (e *env) command(user, text string) {
	e.t.Helper()
	triggerSeq.Lock()
	triggerSeq.n++
	trig := "trig-" + strings.Repeat("x", triggerSeq.n%3) + text
	triggerSeq.Unlock()
	id, err := testworld.Slash(e.slack, "TE2E", channel, user, text, trig)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.slack.WaitAck(id, wait); err != nil {
		e.t.Fatalf("/capacity %s: no ack: %v", text, err)
	}
}

// reply waits for a reply (ephemeral or in the channel) after mark whose
// text contains sub.
func (e *env) reply(mark int, timeout time.Duration, sub string) fakeslack.Call {
	e.t.Helper()
	c, err := e.slack.WaitCallAfter(mark, timeout, func(c fakeslack.Call) bool {
		return (c.Method == "chat.postEphemeral" || c.Method == "chat.postMessage") && strings.Contains(c.Param("text"), sub)
	})
	if err != nil {
		e.t.Fatalf("no reply containing %q: %v", sub, err)
	}
	return c
}

// post finds chat.postMessage calls to a channel whose text contains sub.
func (e *env) posts(ch, sub string) []fakeslack.Call {
	var out []fakeslack.Call
	for _, c := range e.slack.CallsTo("chat.postMessage") {
		if c.Param("channel") == ch && strings.Contains(c.Param("text"), sub) {
			out = append(out, c)
		}
	}
	return out
}

func viewOf(t *testing.T, c fakeslack.Call) slack.View {
	t.Helper()
	var v slack.View
	if err := json.Unmarshal([]byte(c.Param("view")), &v); err != nil {
		t.Fatalf("decoding the view: %v", err)
	}
	return v
}
