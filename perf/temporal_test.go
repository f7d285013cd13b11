package perf

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/temporalserver"
	"github.com/capacitybot/capacitybot/workflows"
)

const perfTaskQueue = "perf-task-queue"

// startTemporal starts the embedded Temporal server (SQLite under a temp
// folder) and a client to it; both stop at the end of the benchmark.
func startTemporal(tb testing.TB) client.Client {
	tb.Helper()
	srv, err := temporalserver.Start(context.Background(), temporalserver.Options{DataDir: tb.TempDir(), LogLevel: "none"})
	if err != nil {
		tb.Fatalf("starting the embedded Temporal server: %v", err)
	}
	tb.Cleanup(func() {
		if err := srv.Stop(); err != nil {
			tb.Errorf("stopping the embedded Temporal server: %v", err)
		}
	})
	c, err := client.Dial(client.Options{HostPort: srv.FrontendAddress(), Namespace: "default",
		Logger: workflows.NewZapAdapter(zap.NewNop())})
	if err != nil {
		tb.Fatalf("connecting to %s: %v", srv.FrontendAddress(), err)
	}
	tb.Cleanup(c.Close)
	return c
}

// startWorkerOn runs the real workflows and activities on a task queue
// until the end of the benchmark.
func startWorkerOn(tb testing.TB, c client.Client, taskQueue string, acts *workflows.Activities) {
	tb.Helper()
	w := worker.New(c, taskQueue, worker.Options{})
	workflows.Register(w, acts)
	if err := w.Start(); err != nil {
		tb.Fatalf("starting the worker: %v", err)
	}
	tb.Cleanup(w.Stop)
}

// discardNotifier drops every chat message: the figures measured here are
// about Temporal and the cloud, not Slack. The embedded interface keeps it
// compiling when the interface grows; a method not listed here would panic,
// which the activity retry would surface in the figures.
type discardNotifier struct{ workflows.Notifier }

func (discardNotifier) CreateBoostRoot(context.Context, string, workflows.BoostStatus) (workflows.MessageRef, error) {
	return workflows.MessageRef{Channel: "CPERF", TS: "1.0"}, nil
}

func (discardNotifier) UpdateBoostRoot(context.Context, workflows.MessageRef, workflows.BoostStatus) error {
	return nil
}

func (discardNotifier) PostBoostStep(context.Context, workflows.MessageRef, workflows.BoostStatus, workflows.Step) error {
	return nil
}

func (discardNotifier) PostAlert(context.Context, workflows.Alert) error { return nil }

func (discardNotifier) PostAnalysisProgress(context.Context, workflows.AnalysisProgress) (workflows.MessageRef, error) {
	return workflows.MessageRef{}, nil
}

func (discardNotifier) PostReport(context.Context, string, workflows.AnalysisReport) error {
	return nil
}

// capacityCall is one SetCapacity the activities made.
type capacityCall struct {
	Namespace string
	Target    clients.Capacity
	// Done is when the call returned: the UpdateNamespace it sends had
	// reached the simulated cloud by then (an upper bound, by the loopback
	// round trip of the answer).
	Done time.Time
}

// recordingCloud passes every call to the real Cloud Ops client and records
// when each successful SetCapacity returned.
type recordingCloud struct {
	workflows.CloudOps
	mu    sync.Mutex
	calls []capacityCall
}

func (r *recordingCloud) SetCapacity(ctx context.Context, ns string, target clients.Capacity, opID string) (clients.SetCapacityResult, error) {
	res, err := r.CloudOps.SetCapacity(ctx, ns, target, opID)
	if err == nil {
		r.mu.Lock()
		r.calls = append(r.calls, capacityCall{Namespace: ns, Target: target, Done: time.Now()})
		r.mu.Unlock()
	}
	return res, err
}

func (r *recordingCloud) recorded() []capacityCall {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]capacityCall(nil), r.calls...)
}
