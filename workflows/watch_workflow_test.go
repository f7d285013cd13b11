package workflows

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// watchFakeUsage serves one snapshot per check, then the last one again.
type watchFakeUsage struct {
	mu    sync.Mutex
	snaps []clients.UsageSnapshot
	errAt map[int]error // 1-based call numbers that fail
	calls int
}

func (f *watchFakeUsage) FetchUsage(context.Context) (clients.UsageSnapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if err := f.errAt[f.calls]; err != nil {
		return clients.UsageSnapshot{}, err
	}
	i := min(f.calls-1, len(f.snaps)-1)
	return f.snaps[i], nil
}

// watchFakeNotifier records watch alerts.
type watchFakeNotifier struct {
	analysisFakeNotifier
	mu     sync.Mutex
	alerts []WatchAlert
}

func (n *watchFakeNotifier) PostWatchAlert(_ context.Context, a WatchAlert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.alerts = append(n.alerts, a)
	return nil
}

func TestThrottleWatchAlertsOncePerIncident(t *testing.T) {
	const ns = "payments.demo42"
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))))
	env := suite.NewTestWorkflowEnvironment()
	t0 := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	env.SetStartTime(t0)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: ThrottleWatchWorkflowID})

	quiet := watchSnap(watchUse(ns, 300, 1000, 0), watchUse("denied.demo42", 5000, 1000, 50))
	hot := watchSnap(watchUse(ns, 950, 1000, 0))
	throttled := watchSnap(watchUse(ns, 1000, 1000, 400))
	usage := &watchFakeUsage{
		snaps: []clients.UsageSnapshot{quiet, hot, throttled, throttled, quiet, quiet, quiet},
		errAt: map[int]error{4: &clients.Error{Op: "FetchUsage", Kind: clients.KindMalformed, Err: errors.New("bad body")}},
	}
	cloud := newBoostFakeCloud(ns, clients.OnDemand())
	chat := &watchFakeNotifier{}
	Register(env, &Activities{Cloud: cloud, Usage: usage, Notifier: chat, Simulated: true,
		Policy: Policy{Filter: capacity.NamespaceFilter{Deny: []string{"denied*"}}}})

	var open []WatchIncident
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(QueryWatchIncidents)
		if err != nil {
			t.Errorf("query: %v", err)
			return
		}
		if err := v.Get(&open); err != nil {
			t.Errorf("decoding the query: %v", err)
		}
	}, 3*time.Minute+30*time.Second)

	env.ExecuteWorkflow(ThrottleWatchWorkflowName, WatchInput{
		Config:       WatchConfig{Interval: time.Minute, Threshold: 0.9, MaxTRUs: 12},
		ChecksPerRun: 7,
	})
	if !env.IsWorkflowCompleted() {
		t.Fatal("watch did not reach continue-as-new")
	}
	var can *workflow.ContinueAsNewError
	if err := env.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("watch ended with %v, want continue-as-new", err)
	}

	if len(open) != 1 || open[0].Namespace != ns || open[0].SuggestedTRUs != 3 {
		t.Errorf("open incidents mid-way = %+v, want %s with 3 TRUs suggested", open, ns)
	}
	chat.mu.Lock()
	defer chat.mu.Unlock()
	if len(chat.alerts) != 2 {
		t.Fatalf("alerts = %+v, want exactly one opened and one cleared", chat.alerts)
	}
	opened, cleared := chat.alerts[0], chat.alerts[1]
	if opened.Kind != WatchOpened || opened.Namespace != ns || !opened.At.Equal(t0.Add(time.Minute)) || !opened.Simulated {
		t.Errorf("opened alert = %+v, want %s at the second check, simulated", opened, ns)
	}
	// 950 APS needs 950/0.8/500 = 2.4 TRUs: the smallest valid value is 3.
	if opened.SuggestedTRUs != 3 {
		t.Errorf("suggested %v TRUs, want 3", opened.SuggestedTRUs)
	}
	// Quiet from the fifth check; the second quiet check (the sixth) clears.
	if cleared.Kind != WatchCleared || !cleared.OpenedAt.Equal(opened.At) || !cleared.At.Equal(t0.Add(5*time.Minute)) {
		t.Errorf("cleared alert = %+v, want the incident opened at %s cleared at %s", cleared, opened.At, t0.Add(5*time.Minute))
	}
}
