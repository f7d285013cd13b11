package reliability

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/temporalserver"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	account      = "rel"
	boostUser    = "UBOOSTER" // in SLACK_BOOST_USERS
	stranger     = "USTRANGER"
	channel      = "CREL"
	alertChannel = "CALERTS"
	wait         = 20 * time.Second
)

// nsID is the full ID of the i-th namespace of the test account.
func nsID(i int) string { return fmt.Sprintf("ns%02d.%s", i, account) }

// testAccount is a dozen on-demand namespaces that may all be boosted to
// 2–8 TRUs, so concurrent boosts never compete for one.
func testAccount(n int) simcloud.Account {
	a := simcloud.Account{ID: account}
	for i := 1; i <= n; i++ {
		a.Namespaces = append(a.Namespaces, simcloud.Namespace{ID: nsID(i), Capacity: clients.OnDemand(),
			ValidTRUs: []float64{2, 3, 4, 6, 8}, OnDemandAPSLimit: 500, APS: 100})
	}
	return a
}

// worldOptions tune a test world.
type worldOptions struct {
	namespaces    int
	opDelay       time.Duration
	checkDuration time.Duration
}

// world is one test's environment: an embedded Temporal server on a data
// folder (restartable, as after a crash), the simulated cloud (which, like
// Temporal Cloud, does not die with the bot), the fake Slack, and every log
// line captured.
type world struct {
	t      testing.TB
	dir    string
	srv    *temporalserver.Server
	cloud  *simcloud.Cloud
	slack  *fakeslack.Server
	logs   *logSink
	log    *zap.Logger
	tq     string
	policy workflows.Policy
	admin  client.Client // the test's own view of Temporal, not part of any process
}

func newWorld(t testing.TB, o worldOptions) *world {
	t.Helper()
	if o.namespaces == 0 {
		o.namespaces = 12
	}
	w := &world{t: t, dir: t.TempDir(), logs: &logSink{},
		tq:     testworld.TaskQueue(t, "rel-"),
		policy: workflows.Policy{MaxTRUs: 8, MaxDuration: time.Hour, MaxLead: 31 * 24 * time.Hour}}
	w.log = w.logs.logger()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("captured logs (tail):\n%s", testworld.Tail(w.logs.String(), 60))
		}
	})
	w.cloud = testworld.StartCloud(t, testAccount(o.namespaces), simcloud.Options{APIKey: secretCloudKey,
		OpDelay: o.opDelay, CheckDuration: o.checkDuration})
	w.slack = fakeslack.New(t, fakeslack.WithPingInterval(500*time.Millisecond))
	w.startServer()
	t.Cleanup(func() {
		if w.admin != nil {
			w.admin.Close()
		}
		if w.srv != nil {
			_ = w.srv.Stop()
		}
	})
	return w
}

// startServer starts the embedded Temporal server on the world's folder
// (again, after a crash) and dials the test's admin client.
func (w *world) startServer() {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := temporalserver.Start(ctx, temporalserver.Options{DataDir: w.dir, Logger: w.log, LogLevel: "error"})
	if err != nil {
		w.t.Fatalf("starting the embedded Temporal server: %v", err)
	}
	w.srv = srv
	c, err := client.Dial(client.Options{HostPort: srv.FrontendAddress(), Namespace: "default",
		Logger: workflows.NewZapAdapter(w.log.Named("admin"))})
	if err != nil {
		w.t.Fatalf("dialing Temporal: %v", err)
	}
	w.admin = c
}

// stopServer stops the server as a process death would: the test's
// client goes with it.
func (w *world) stopServer() {
	w.admin.Close()
	w.admin = nil
	if err := w.srv.Stop(); err != nil {
		w.t.Logf("stopping the server: %v", err)
	}
	w.srv = nil
}

// process is what cmd/capacitybot runs in one process: the Temporal worker
// and the Slack bot, sharing the Cloud Ops client. Its Temporal traffic goes
// through a proxy so that kill can make it vanish at once.
type process struct {
	w      *world
	name   string
	proxy  *proxy
	tc     client.Client
	worker worker.Worker
	ops    *cloudops.Client
	bot    *slackbot.Bot
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
}

// startProcess wires the production pieces together the way main does and
// waits until the bot is connected to the fake Slack.
func (w *world) startProcess(name string, connections int) *process {
	w.t.Helper()
	log := w.log.Named(name)
	p := &process{w: w, name: name, proxy: newProxy(w.t, w.srv.FrontendAddress()), done: make(chan error, 1)}
	tc, err := client.Dial(client.Options{HostPort: p.proxy.addr(), Namespace: "default",
		Logger: workflows.NewZapAdapter(log.Named("temporal"))})
	if err != nil {
		w.t.Fatalf("%s: dialing Temporal: %v", name, err)
	}
	p.tc = tc
	wp, err := testworld.StartProcess(testworld.ProcessOptions{Temporal: tc, TaskQueue: w.tq, Cloud: w.cloud,
		CloudKey: secretCloudKey, Slack: w.slack, BotToken: secretBotToken, AppToken: secretAppToken,
		BoostUsers: []string{boostUser}, Policy: w.policy, AlertChannel: alertChannel, Logger: log,
		Connections: connections, PingInterval: 3 * time.Second})
	if err != nil {
		w.t.Fatalf("%s: %v", name, err)
	}
	p.worker, p.ops, p.bot = wp.Worker, wp.Ops, wp.Bot
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	go func() { p.done <- p.bot.Run(ctx) }()
	w.t.Cleanup(p.kill)
	waitFor(w.t, wait, name+" connected to Slack", p.bot.Connected)
	return p
}

// kill ends the process abruptly: its Temporal connections drop first, so
// nothing it does afterwards (activity results, heartbeats, a graceful
// worker shutdown) reaches the server; then its goroutines are stopped so
// they do not outlive the test. Safe to call twice.
func (p *process) kill() {
	p.once.Do(func() {
		p.proxy.kill()
		p.cancel()
		p.worker.Stop()
		select {
		case <-p.done:
		case <-time.After(wait):
			p.w.t.Errorf("%s: the bot did not stop", p.name)
		}
		p.tc.Close()
		_ = p.ops.Close()
	})
}

// slash types a /capacity command in the test channel.
func (w *world) slash(user, text, trigger string) string {
	w.t.Helper()
	id, err := testworld.Slash(w.slack, "TREL", channel, user, text, trigger)
	if err != nil {
		w.t.Fatal(err)
	}
	return id
}

// capacity is a namespace's capacity as the simulated service sees it.
func (w *world) capacity(ns string) clients.NamespaceCapacity {
	w.t.Helper()
	return testworld.Capacity(w.t, w.cloud, ns)
}

// result waits for a boost workflow to end and returns its final status.
func (w *world) result(ns string, timeout time.Duration) (workflows.BoostStatus, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var st workflows.BoostStatus
	err := w.admin.GetWorkflow(ctx, workflows.BoostWorkflowID(ns), "").Get(ctx, &st)
	return st, err
}

// phase queries a running boost's phase ("" when the query fails).
func (w *world) phase(ns string) workflows.BoostPhase {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	v, err := w.admin.QueryWorkflow(ctx, workflows.BoostWorkflowID(ns), "", workflows.QueryStatus)
	if err != nil {
		return ""
	}
	var st workflows.BoostStatus
	if err := v.Get(&st); err != nil {
		return ""
	}
	return st.Phase
}

// waitFor polls cond until it holds or the deadline passes. Used for state
// that changes without an event to wait on (the simulated cloud, a bot's
// connection flag, a workflow's phase).
func waitFor(t testing.TB, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	if !poll(timeout, cond) {
		t.Fatalf("%s: not reached within %s", what, timeout)
	}
}

func poll(timeout time.Duration, cond func() bool) bool {
	return testworld.Poll(timeout, 10*time.Millisecond, cond)
}
