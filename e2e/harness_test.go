package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	allowed      = "UALLOWED"  // in the boost users
	stranger     = "USTRANGER" // not allowed to change capacity
	channel      = "C100"      // where commands are typed
	alertChannel = "C_ALERTS"
	ackBudget    = 3 * time.Second // Slack's ack deadline
	wait         = 15 * time.Second
	payments     = "payments." + simcloud.DemoAccountID
	simKey       = "simulated" // the clients refuse to run without a key
)

// ackRecord is the slowest ack seen across the package, printed by TestMain.
// It is test-only bookkeeping, shared because every test has its own fake.
var ackRecord struct {
	sync.Mutex
	slowest time.Duration
	test    string
	count   int
}

// testPolicy is the policy every test runs with: small limits so that the
// refusals are easy to provoke.
func testPolicy() workflows.Policy {
	return workflows.Policy{MaxTRUs: 8, MaxDuration: time.Hour, ExternalChangeTimeout: time.Hour}
}

// env is one test's world: a Temporal server, the simulated cloud, the fake
// Slack, and a running "process" (worker + Slack bot) between them.
type env struct {
	t     *testing.T
	slack *fakeslack.Server
	cloud *simcloud.Cloud
	tc    client.Client
	tq    string
	proc  *process
}

// newEnv starts everything on temporaltest, which is quick and in memory.
// edits change the process's options from the tests' defaults.
func newEnv(t *testing.T, edits ...func(*testworld.ProcessOptions)) *env {
	t.Helper()
	tc := testworld.StartTemporal(t)
	cloud := startCloud(t, "")
	e := &env{t: t, slack: newFakeSlack(t), cloud: cloud, tc: tc, tq: testworld.TaskQueue(t, "e2e-")}
	e.proc = startProcess(t, e.tc, e.cloud, e.slack, e.tq, edits...)
	t.Cleanup(e.proc.stop) // before the server stops: cleanups run last-in first-out
	return e
}

// newFakeSlack starts the fake Slack and checks, when the test ends, that
// every ack it received came within Slack's deadline.
func newFakeSlack(t *testing.T) *fakeslack.Server {
	t.Helper()
	fs := fakeslack.New(t, fakeslack.WithPingInterval(500*time.Millisecond))
	t.Cleanup(func() { checkAcks(t, fs) })
	return fs
}

func checkAcks(t *testing.T, fs *fakeslack.Server) {
	acks := fs.Acks()
	var slowest fakeslack.Ack
	for _, a := range acks {
		if a.Latency >= ackBudget {
			t.Errorf("envelope %s acked after %s, Slack's budget is %s", a.EnvelopeID, a.Latency, ackBudget)
		}
		if a.Latency > slowest.Latency {
			slowest = a
		}
	}
	t.Logf("%d acks, slowest %s (envelope %s)", len(acks), slowest.Latency, slowest.EnvelopeID)
	ackRecord.Lock()
	defer ackRecord.Unlock()
	ackRecord.count += len(acks)
	if slowest.Latency > ackRecord.slowest {
		ackRecord.slowest, ackRecord.test = slowest.Latency, t.Name()
	}
}

// startCloud starts the simulated demo account with quick operations.
// stateFile "" keeps it in memory.
func startCloud(t *testing.T, stateFile string) *simcloud.Cloud {
	t.Helper()
	return testworld.StartCloud(t, simcloud.DemoAccount(), simcloud.Options{OpDelay: time.Second,
		CheckDuration: 200 * time.Millisecond, StateFile: stateFile})
}

// process is what cmd/capacitybot runs in one process: the Temporal worker
// and the Slack bot, sharing the Cloud Ops client.
type process struct {
	t      *testing.T
	worker worker.Worker
	ops    *cloudops.Client
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// startProcess wires the production pieces together the way main does and
// waits until the bot is connected to the fake Slack.
// edits change the process's options from the tests' defaults.
func startProcess(t *testing.T, tc client.Client, cloud *simcloud.Cloud, fs *fakeslack.Server, tq string, edits ...func(*testworld.ProcessOptions)) *process {
	t.Helper()
	log := zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
	o := testworld.ProcessOptions{Temporal: tc, TaskQueue: tq, Cloud: cloud,
		CloudKey: simKey, Slack: fs, BotToken: "xoxb-e2e", AppToken: "xapp-e2e", BoostUsers: []string{allowed},
		Policy: testPolicy(), AlertChannel: alertChannel, Logger: log, Metrics: telemetry.New(),
		Connections: 1, PingInterval: 5 * time.Second}
	for _, edit := range edits {
		edit(&o)
	}
	wp, err := testworld.StartProcess(o)
	if err != nil {
		t.Fatal(err)
	}
	w, b := wp.Worker, wp.Bot

	ctx, cancel := context.WithCancel(context.Background())
	p := &process{t: t, worker: w, ops: wp.Ops, cancel: cancel, done: make(chan error, 1)}
	connectsBefore := fs.Connects()
	go func() { p.done <- b.Run(ctx) }()
	if err := fs.WaitConnects(connectsBefore+1, wait); err != nil {
		p.stop()
		t.Fatalf("bot did not connect to the fake Slack: %v", err)
	}
	if !testworld.Poll(wait, 10*time.Millisecond, b.Connected) { // the bot's own state: nothing to wait on
		p.stop()
		t.Fatal("bot connected but never said hello")
	}
	return p
}

// stop ends the process as a SIGKILL would, as far as Temporal can tell:
// the bot and the worker go away; workflows stay where they were.
func (p *process) stop() {
	p.once.Do(func() {
		p.cancel()
		select {
		case err := <-p.done:
			if err != nil {
				p.t.Errorf("bot Run returned %v after cancel", err)
			}
		case <-time.After(wait):
			p.t.Error("bot Run did not return after cancel")
		}
		p.worker.Stop()
		if err := p.ops.Close(); err != nil {
			p.t.Errorf("closing the Cloud Ops client: %v", err)
		}
	})
}

// command types a /capacity command and returns the envelope ID.
func (e *env) command(user, text, trigger string) string {
	e.t.Helper()
	id, err := testworld.Slash(e.slack, "TE2E", channel, user, text, trigger)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) interact(cb slack.InteractionCallback) string {
	e.t.Helper()
	id, err := e.slack.SendInteraction(cb)
	if err != nil {
		e.t.Fatalf("sending %s interaction: %v", cb.Type, err)
	}
	return id
}

// revertClick is a click on a boost message's Revert now button.
func revertClick(user, value, ts string) slack.InteractionCallback {
	return buttonClick(user, slackbot.ActionRevert, "boost_actions", value, channel, ts)
}

// buttonClick is a click on a button of the message ts in ch.
func buttonClick(user, actionID, blockID, value, ch, ts string) slack.InteractionCallback {
	return slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: slack.User{ID: user},
		TriggerID: "trig-click-" + user + "-" + actionID,
		Channel:   slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: ch}}},
		Container: slack.Container{Type: "message", ChannelID: ch, MessageTs: ts},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: actionID, BlockID: blockID, Value: value}}}}
}

// ack waits for an envelope's ack (its latency is checked at cleanup).
func (e *env) ack(id, what string) fakeslack.Ack {
	e.t.Helper()
	a, err := e.slack.WaitAck(id, wait)
	if err != nil {
		e.t.Fatalf("%s: no ack: %v", what, err)
	}
	if a.Latency >= ackBudget {
		e.t.Errorf("%s acked after %s", what, a.Latency)
	}
	return a
}

// waitCall waits for a Web API call after mark, failing the test with the
// calls seen when none matches.
func (e *env) waitCall(mark int, timeout time.Duration, what string, match func(fakeslack.Call) bool) fakeslack.Call {
	e.t.Helper()
	c, err := e.slack.WaitCallAfter(mark, timeout, match)
	if err != nil {
		e.t.Fatalf("%s: %v\ncalls:\n%s", what, err, dumpCalls(e.slack.Calls()))
	}
	return c
}

// ephemeralTo waits for an ephemeral reply (or response_url post) to user
// after mark whose text contains every part.
func (e *env) ephemeralTo(mark int, user string, parts ...string) fakeslack.Call {
	e.t.Helper()
	return e.waitCall(mark, wait, "ephemeral reply to "+user+" with "+strings.Join(parts, ", "), func(c fakeslack.Call) bool {
		switch c.Method {
		case "chat.postEphemeral":
			return c.Param("user") == user && containsAll(c.Param("text"), parts...)
		case "response_url":
			return containsAll(c.Param("text"), parts...)
		}
		return false
	})
}

// snapshot is the namespace's capacity as the simulated service sees it.
func (e *env) snapshot(ns string) clients.NamespaceCapacity {
	e.t.Helper()
	return testworld.Capacity(e.t, e.cloud, ns)
}

// waitCapacity polls the simulated cloud until the namespace's capacity is
// want with no change in progress.
func (e *env) waitCapacity(ns string, want clients.Capacity, timeout time.Duration) time.Time {
	e.t.Helper()
	return waitCapacity(e.t, e.cloud, ns, want, timeout)
}

func waitCapacity(t *testing.T, cloud *simcloud.Cloud, ns string, want clients.Capacity, timeout time.Duration) time.Time {
	t.Helper()
	deadline := time.Now().Add(timeout)
	var last clients.NamespaceCapacity
	for {
		c := testworld.Capacity(t, cloud, ns)
		last = c
		if c.Current.Equal(want) && !c.RequestInProgress() {
			return time.Now()
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: capacity %+v, want %s within %s", ns, last, want, timeout)
		}
		time.Sleep(50 * time.Millisecond) // simcloud state has no change notification
	}
}

// updates is how many UpdateNamespace calls the simulated cloud answered, and
// how many of them started a capacity change.
func (e *env) updates() (calls, applied int) {
	s := e.cloud.Stats()
	return s.Calls["UpdateNamespace"], s.UpdatesApplied
}

// boostResult waits for a boost workflow to end and returns its final status.
func (e *env) boostResult(ns string, timeout time.Duration) workflows.BoostStatus {
	e.t.Helper()
	return boostResult(e.t, e.tc, ns, timeout)
}

func boostResult(t *testing.T, tc client.Client, ns string, timeout time.Duration) workflows.BoostStatus {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var st workflows.BoostStatus
	if err := tc.GetWorkflow(ctx, workflows.BoostWorkflowID(ns), "").Get(ctx, &st); err != nil {
		t.Fatalf("waiting for the boost of %s: %v", ns, err)
	}
	return st
}

// boostStatus queries a running boost through the bot's engine.
func boostStatus(t *testing.T, e *env, ns string) workflows.BoostStatus {
	t.Helper()
	st, err := bot.NewTemporalEngine(e.tc, e.tq).BoostStatus(context.Background(), ns)
	if err != nil {
		t.Fatalf("status of the boost of %s: %v", ns, err)
	}
	return st
}

// executions counts the workflow runs with an ID (open or closed), polling
// visibility until it has seen at least min of them.
func (e *env) executions(id string, min int) int {
	e.t.Helper()
	deadline := time.Now().Add(wait)
	for {
		n := 0
		var token []byte
		for {
			resp, err := e.tc.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{
				Query: fmt.Sprintf("WorkflowId = %q", id), NextPageToken: token})
			if err != nil {
				e.t.Fatalf("listing workflows %s: %v", id, err)
			}
			n += len(resp.Executions)
			if token = resp.NextPageToken; len(token) == 0 {
				break
			}
		}
		if n >= min || time.Now().After(deadline) {
			return n
		}
		time.Sleep(100 * time.Millisecond) // visibility is eventually consistent
	}
}

// rootMessage waits for a boost's root message (a top-level post in ch whose
// text names the namespace) after mark.
func (e *env) rootMessage(mark int, ch, ns string) fakeslack.Call {
	e.t.Helper()
	return e.waitCall(mark, wait, "root message of the boost of "+ns, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == ch && c.Param("thread_ts") == "" &&
			strings.HasPrefix(c.Param("text"), "Boost of "+ns)
	})
}

// threadReply waits for a reply in a thread of ch after mark whose text or
// blocks contain every part.
func (e *env) threadReply(mark int, ch string, timeout time.Duration, parts ...string) fakeslack.Call {
	e.t.Helper()
	return e.waitCall(mark, timeout, "thread reply with "+strings.Join(parts, ", "), func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == ch && c.Param("thread_ts") != "" &&
			containsAll(c.Param("text")+string(c.Blocks()), parts...)
	})
}

// buttonValue finds a button's value in a message's blocks.
func buttonValue(t *testing.T, blocksJSON json.RawMessage, actionID string) (string, bool) {
	t.Helper()
	_, v, ok, err := testworld.FindButton(blocksJSON, actionID)
	if err != nil {
		t.Fatal(err)
	}
	return v, ok
}

func containsAll(s string, parts ...string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func dumpCalls(calls []fakeslack.Call) string {
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "  %s %s channel=%s thread=%s user=%s text=%q err=%s\n", c.At.Format("15:04:05.000"),
			c.Method, c.Param("channel"), c.Param("thread_ts"), c.Param("user"), clip(c.Param("text"), 200), c.Error)
	}
	return b.String()
}

func clip(s string, n int) string { return testworld.Clip(s, n) }
