package slackbot

import (
	"encoding/json"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	wait       = 5 * time.Second
	ackBudget  = 3 * time.Second // Slack's ack deadline
	allowed    = "UALLOWED"      // in SLACK_BOOST_USERS
	groupie    = "UGROUP"        // in the SBOOST user group
	stranger   = "USTRANGER"     // neither
	channel    = "C100"
	boostGroup = "SBOOST"
)

// slowest is the slowest ack any test measured, printed by TestMain.
var slowest struct {
	sync.Mutex
	d    time.Duration
	what string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if slowest.d > 0 {
		fmt.Printf("slowest ack measured: %s (%s)\n", slowest.d, slowest.what)
	}
	os.Exit(code)
}

type harness struct {
	t       *testing.T
	slack   *fakeslack.Server
	bot     *Bot
	engine  *bottest.Engine
	cloud   *fakeCloud
	metrics *telemetry.Metrics
	policy  workflows.Policy
}

func startBot(t *testing.T, connections int) *harness {
	t.Helper()
	fs := fakeslack.New(t, fakeslack.WithPingInterval(200*time.Millisecond))
	fs.SetGroupMembers(boostGroup, groupie)
	api := NewClient("xoxb-test", "xapp-test", fs.APIURL())
	m := telemetry.New()
	auth := bot.NewAuthorizer([]string{allowed}, []string{boostGroup}, nil, Groups{API: api, Metrics: m}, time.Minute, nil)
	engine, cloud := newFakeEngine(), newFakeCloud()
	policy := workflows.Policy{MaxTRUs: 8, MaxDuration: 72 * time.Hour, MaxLead: 31 * 24 * time.Hour}
	h := bot.NewHandler(bot.HandlerOptions{Engine: engine, Cloud: cloud, Auth: auth, Policy: policy,
		DefaultDuration: 2 * time.Hour, Simulated: true, Metrics: m})
	b := New(Options{API: api, Handler: h, Auth: auth, Cloud: cloud, Policy: policy, DefaultDuration: 2 * time.Hour,
		AlertChannel: "CALERTS", Simulated: true, Metrics: m, Connections: connections, PingInterval: 2 * time.Second})

	bottest.RunUntilCleanup(t, b.Run, wait)
	if err := fs.WaitConnections(connections, wait); err != nil {
		t.Fatal(err)
	}
	hr := &harness{t: t, slack: fs, bot: b, engine: engine, cloud: cloud, metrics: m, policy: policy}
	hr.eventually("bot connected", b.Connected)
	return hr
}

// eventually polls cond with a deadline (for state of the bot itself, which
// changes without an event the fake could signal).
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("%s: not reached within %s", what, wait)
		}
		<-tick.C
	}
}

// ack waits for an envelope's ack, checks it came within Slack's deadline
// and records the slowest.
func (h *harness) ack(id, what string) fakeslack.Ack {
	h.t.Helper()
	a := h.ackWithin(id, what, ackBudget)
	slowest.Lock()
	if a.Latency > slowest.d {
		slowest.d, slowest.what = a.Latency, what
	}
	slowest.Unlock()
	return a
}

// ackWithin waits for an envelope's ack and checks its latency.
func (h *harness) ackWithin(id, what string, budget time.Duration) fakeslack.Ack {
	h.t.Helper()
	a, err := h.slack.WaitAck(id, wait)
	if err != nil {
		h.t.Fatalf("%s: %v", what, err)
	}
	if a.Latency >= budget {
		h.t.Errorf("%s acked after %s, budget %s", what, a.Latency, budget)
	}
	return a
}

func (h *harness) command(user, text string) string {
	h.t.Helper()
	id, err := h.slack.SendSlashCommand(slack.SlashCommand{
		Command: "/capacity", Text: text, UserID: user, UserName: "name-" + user,
		ChannelID: channel, TriggerID: "trig-" + text, TeamID: "TFAKE",
		ResponseURL: h.slack.ResponseURL("r-" + user),
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

func (h *harness) interact(cb slack.InteractionCallback) string {
	h.t.Helper()
	id, err := h.slack.SendInteraction(cb)
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// replyTo waits for the first reply (ephemeral or in-channel) to a user whose
// text satisfies match.
func (h *harness) replyTo(user string, match func(string) bool) fakeslack.Call {
	h.t.Helper()
	return h.replyAfter(0, user, match)
}

// replyAfter is replyTo over the calls after mark (fakeslack.Server.Mark).
func (h *harness) replyAfter(mark int, user string, match func(string) bool) fakeslack.Call {
	h.t.Helper()
	c, err := h.slack.WaitCallAfter(mark, wait, func(c fakeslack.Call) bool {
		switch c.Method {
		case "chat.postEphemeral":
			return c.Param("user") == user && match(c.Param("text"))
		case "chat.postMessage":
			return c.Param("thread_ts") == "" && match(c.Param("text"))
		}
		return false
	})
	if err != nil {
		h.t.Fatalf("no reply to %s: %v\ncalls: %+v", user, err, h.slack.Calls())
	}
	return c
}

func (h *harness) repliesTo(user string) int {
	n := 0
	for _, c := range h.slack.CallsTo("chat.postEphemeral") {
		if c.Param("user") == user {
			n++
		}
	}
	return n
}

func decodeAck[T any](t *testing.T, a fakeslack.Ack) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(a.Payload, &v); err != nil {
		t.Fatalf("ack payload %s: %v", a.Payload, err)
	}
	return v
}
