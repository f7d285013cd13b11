package workflows

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
	"go.uber.org/zap/zaptest/observer"

	"github.com/capacitybot/capacitybot/clients"
)

// readRecordingCloud records every namespace a Cloud Ops read names.
type readRecordingCloud struct {
	CloudOps
	mu    sync.Mutex
	reads []string
}

func (c *readRecordingCloud) record(ns string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reads = append(c.reads, ns)
}

func (c *readRecordingCloud) GetCapacity(ctx context.Context, ns string) (clients.NamespaceCapacity, error) {
	c.record(ns)
	return c.CloudOps.GetCapacity(ctx, ns)
}

func (c *readRecordingCloud) GetCapacityInfo(ctx context.Context, ns string) (clients.CapacityInfo, error) {
	c.record(ns)
	return c.CloudOps.GetCapacityInfo(ctx, ns)
}

// TestThrottleWatchLabelForms runs the watch on usage labelled by bare name
// and by namespace ID: the alert, its suggestion and so its Boost button name
// the namespace ID either way, and a hot label value that names no Cloud Ops
// namespace is warned about in the log, neither alerted nor read from Cloud
// Ops.
func TestThrottleWatchLabelForms(t *testing.T) {
	const id = "payments.demo42"
	tests := []struct{ name, label string }{
		{"bare name", "payments"},
		{"namespace ID", id},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var suite testsuite.WorkflowTestSuite
			suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.ErrorLevel))))
			env := suite.NewTestWorkflowEnvironment()
			env.SetStartTime(time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC))
			env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: ThrottleWatchWorkflowID})

			hot := watchSnap(watchUse(tt.label, 950, 1000, 0), watchUse("ghost", 5000, 1000, 50), watchUse("ghost.other", 5000, 1000, 50))
			cloud := &readRecordingCloud{CloudOps: newBoostFakeCloud(id, clients.OnDemand())}
			chat := &watchFakeNotifier{}
			core, logs := observer.New(zap.WarnLevel)
			Register(env, &Activities{Cloud: cloud, Usage: &watchFakeUsage{snaps: []clients.UsageSnapshot{hot}}, Notifier: chat,
				Logger: zap.New(core)})
			env.ExecuteWorkflow(ThrottleWatchWorkflowName, WatchInput{
				Config: WatchConfig{Interval: time.Minute, Threshold: 0.9, MaxTRUs: 12}, ChecksPerRun: 2,
			})
			var can *workflow.ContinueAsNewError
			if err := env.GetWorkflowError(); !errors.As(err, &can) {
				t.Fatalf("watch ended with %v, want continue-as-new", err)
			}
			chat.mu.Lock()
			defer chat.mu.Unlock()
			if len(chat.alerts) != 1 {
				t.Fatalf("alerts = %+v, want one opened alert for %s", chat.alerts, id)
			}
			if a := chat.alerts[0]; a.Kind != WatchOpened || a.Namespace != id || a.SuggestedTRUs != 3 {
				t.Errorf("alert = %+v, want %s opened with 3 TRUs suggested", a, id)
			}
			warned := logs.FilterMessageSnippet("name no Cloud Ops namespace").All()
			if len(warned) == 0 || !slices.Equal(warned[0].ContextMap()["labels"].([]any), []any{"ghost", "ghost.other"}) {
				t.Errorf("unmapped labels not warned: %v", logs.All())
			}
			cloud.mu.Lock()
			defer cloud.mu.Unlock()
			if want := []string{id}; !slices.Equal(slices.Compact(slices.Sorted(slices.Values(cloud.reads))), want) {
				t.Errorf("Cloud Ops reads named %v, want only %v", cloud.reads, want)
			}
		})
	}
}
