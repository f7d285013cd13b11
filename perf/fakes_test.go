package perf

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// slowEngine stands in for Temporal behind a real bot.Handler. Every call
// takes delay, so an ack that waited for the engine would show it: acks must
// not depend on Temporal.
type slowEngine struct {
	delay time.Duration
	calls atomic.Int64
	mu    sync.Mutex
	boost map[string]workflows.BoostStatus
}

func newSlowEngine(delay time.Duration) *slowEngine {
	return &slowEngine{delay: delay, boost: map[string]workflows.BoostStatus{}}
}

func (e *slowEngine) wait(ctx context.Context) error {
	e.calls.Add(1)
	select {
	case <-time.After(e.delay):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("fake engine: %w", ctx.Err())
	}
}

func (e *slowEngine) running(st workflows.BoostStatus) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.boost[st.Request.Namespace] = st
}

func (e *slowEngine) get(ns string) (workflows.BoostStatus, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	st, ok := e.boost[ns]
	if !ok {
		return workflows.BoostStatus{}, bot.ErrNoBoost
	}
	return st, nil
}

func (e *slowEngine) StartAnalysis(ctx context.Context, _ string, _ workflows.AnalysisRequest) (bool, error) {
	return false, e.wait(ctx)
}

func (e *slowEngine) StartBoost(ctx context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	if err := e.wait(ctx); err != nil {
		return workflows.BoostStatus{}, err
	}
	return workflows.BoostStatus{Request: req, Phase: workflows.PhasePlanned, End: req.End,
		Target: clients.Provisioned(req.TRUs), WorkflowID: workflows.BoostWorkflowID(req.Namespace)}, nil
}

func (e *slowEngine) BoostStatus(ctx context.Context, ns string) (workflows.BoostStatus, error) {
	if err := e.wait(ctx); err != nil {
		return workflows.BoostStatus{}, err
	}
	return e.get(ns)
}

func (e *slowEngine) ActiveBoosts(ctx context.Context) ([]workflows.BoostStatus, error) {
	if err := e.wait(ctx); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]workflows.BoostStatus, 0, len(e.boost))
	for _, st := range e.boost {
		out = append(out, st)
	}
	return out, nil
}

func (e *slowEngine) Extend(ctx context.Context, ns string, req workflows.ExtendRequest) (workflows.BoostStatus, error) {
	if err := e.wait(ctx); err != nil {
		return workflows.BoostStatus{}, err
	}
	st, err := e.get(ns)
	st.End = req.NewEnd
	return st, err
}

func (e *slowEngine) RevertNow(ctx context.Context, ns string, _ workflows.RevertRequest) (workflows.BoostStatus, error) {
	if err := e.wait(ctx); err != nil {
		return workflows.BoostStatus{}, err
	}
	st, err := e.get(ns)
	st.Phase = workflows.PhaseReverting
	return st, err
}

// staticCloud is a read-only account of n on-demand namespaces ns-000.acct…
type staticCloud struct{ names []string }

func newStaticCloud(n int) *staticCloud {
	c := &staticCloud{}
	for i := range n {
		c.names = append(c.names, nsName(i))
	}
	return c
}

func nsName(i int) string { return fmt.Sprintf("ns-%03d.acct", i) }

func (c *staticCloud) ListNamespaces(context.Context) ([]string, error) { return c.names, nil }

func (c *staticCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	return clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand(), APSLimit: 500, ResourceVersion: "v1"}, nil
}

func (c *staticCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	return clients.CapacityInfo{Namespace: ns, Current: clients.OnDemand(), ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12},
		MaxAvailableTRUs: 12, APS: clients.APSStats{Mean: 100, P90: 200, P99: 400}}, nil
}
