// Package schedules_test drives recurring boosts, scheduled reports and the
// throttling watch end to end: a real Temporal server (temporaltest, which
// runs Schedules), the simulated cloud over the wire, and the Slack bot over
// the fake Slack's Socket Mode, wired the way cmd/capacitybot wires them.
package schedules_test

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/server/temporaltest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
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

func nsID(name string) string { return name + "." + simcloud.DemoAccountID }

type env struct {
	t     *testing.T
	slack *fakeslack.Server
	cloud *simcloud.Cloud
	tc    client.Client
	tq    string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	quiet := workflows.NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
	ts := temporaltest.NewServer(temporaltest.WithT(t), temporaltest.WithBaseClientOptions(client.Options{Logger: quiet}))
	cloud := simcloud.New(simcloud.DemoAccount(), simcloud.Options{OpDelay: 500 * time.Millisecond, CheckDuration: 100 * time.Millisecond})
	if err := cloud.Start(); err != nil {
		t.Fatalf("starting the simulated cloud: %v", err)
	}
	t.Cleanup(cloud.Close)
	e := &env{t: t, slack: fakeslack.New(t, fakeslack.WithPingInterval(500*time.Millisecond)), cloud: cloud,
		tc: ts.GetDefaultClient(), tq: "sched-" + strings.ReplaceAll(t.Name(), "/", "-")}
	e.start()
	return e
}

// start runs the worker and the Slack bot, as main does.
func (e *env) start() {
	t := e.t
	log := zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
	m := telemetry.New()
	ops, err := cloudops.New(cloudops.Options{Address: e.cloud.GRPCAddr(), APIKey: simKey, Insecure: true,
		CallTimeout: 5 * time.Second, Metrics: m, Logger: log.Named("cloudops")})
	if err != nil {
		t.Fatalf("Cloud Ops client: %v", err)
	}
	usage := metrics.New(metrics.Options{BaseURL: e.cloud.MetricsURL(), APIKey: simKey, Metrics: m})
	policy := workflows.Policy{MaxTRUs: 8, MaxDuration: 12 * time.Hour, ActionPricePerMillion: 50}
	api := slackbot.NewClient("xoxb-e2e", "xapp-e2e", e.slack.APIURL())
	auth := bot.NewAuthorizer([]string{allowed}, nil, nil, nil, time.Minute, nil)
	h := bot.NewHandler(bot.HandlerOptions{Engine: bot.NewTemporalEngine(e.tc, e.tq), Cloud: ops, Auth: auth,
		Policy: policy, DefaultDuration: 30 * time.Minute, Simulated: true, Logger: log.Named("handler"), Metrics: m})
	b := slackbot.New(slackbot.Options{API: api, Handler: h, Auth: auth, Cloud: ops, Policy: policy,
		DefaultDuration: 30 * time.Minute, AlertChannel: alertChannel, Simulated: true,
		Logger: log.Named("slack"), Metrics: m, Connections: 1, PingInterval: 5 * time.Second})
	w := worker.New(e.tc, e.tq, worker.Options{})
	workflows.Register(w, &workflows.Activities{Cloud: ops, Usage: usage, Notifier: b.Notifier(), Policy: policy,
		AlertChannel: alertChannel, Simulated: true, Logger: log.Named("activities"), Metrics: m})
	if err := w.Start(); err != nil {
		t.Fatalf("starting the worker: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(wait):
			t.Error("bot Run did not return after cancel")
		}
		w.Stop()
		_ = ops.Close()
	})
	if err := e.slack.WaitConnects(1, wait); err != nil {
		t.Fatalf("bot did not connect to the fake Slack: %v", err)
	}
	e.eventually("bot connected", b.Connected)
}

func (e *env) eventually(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(wait)
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			e.t.Fatalf("%s: not reached within %s", what, wait)
		}
		<-tick.C
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
	id, err := e.slack.SendSlashCommand(slack.SlashCommand{Command: "/capacity", Text: text, UserID: user,
		UserName: "name-" + user, ChannelID: channel, TeamID: "TE2E", TriggerID: trig, ResponseURL: e.slack.ResponseURL("r-" + trig)})
	if err != nil {
		e.t.Fatalf("sending /capacity %s: %v", text, err)
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
