package slackbot

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// fakeEngine stands in for Temporal behind a real bot.Handler.
type fakeEngine struct {
	mu       sync.Mutex
	boosts   map[string]workflows.BoostStatus
	attempts []workflows.BoostRequest // every StartBoost call
	extends  []workflows.ExtendRequest
	reverts  []workflows.RevertRequest
	delay    time.Duration // StartBoost takes this long
}

func newFakeEngine() *fakeEngine { return &fakeEngine{boosts: map[string]workflows.BoostStatus{}} }

func (f *fakeEngine) StartAnalysis(context.Context, string, workflows.AnalysisRequest) (bool, error) {
	return false, nil
}

func (f *fakeEngine) StartBoost(ctx context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	f.mu.Lock()
	f.attempts = append(f.attempts, req)
	delay := f.delay
	f.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-ctx.Done():
			return workflows.BoostStatus{}, fmt.Errorf("starting boost: %w", ctx.Err())
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if st, ok := f.boosts[req.Namespace]; ok {
		return workflows.BoostStatus{}, &bot.BoostRunningError{Status: st}
	}
	st := workflows.BoostStatus{Request: req, Phase: workflows.PhasePlanned, End: req.End,
		Target: clients.Provisioned(req.TRUs), WorkflowID: workflows.BoostWorkflowID(req.Namespace)}
	f.boosts[req.Namespace] = st
	return st, nil
}

func (f *fakeEngine) BoostStatus(_ context.Context, ns string) (workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.boosts[ns]
	if !ok {
		return workflows.BoostStatus{}, bot.ErrNoBoost
	}
	return st, nil
}

func (f *fakeEngine) ActiveBoosts(context.Context) ([]workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []workflows.BoostStatus
	for _, st := range f.boosts {
		out = append(out, st)
	}
	return out, nil
}

func (f *fakeEngine) Extend(_ context.Context, ns string, req workflows.ExtendRequest) (workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.boosts[ns]
	if !ok {
		return workflows.BoostStatus{}, bot.ErrNoBoost
	}
	f.extends = append(f.extends, req)
	st.End = req.NewEnd
	f.boosts[ns] = st
	return st, nil
}

func (f *fakeEngine) RevertNow(_ context.Context, ns string, req workflows.RevertRequest) (workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	st, ok := f.boosts[ns]
	if !ok {
		return workflows.BoostStatus{}, bot.ErrNoBoost
	}
	f.reverts = append(f.reverts, req)
	st.Phase = workflows.PhaseReverting
	f.boosts[ns] = st
	return st, nil
}

func (f *fakeEngine) counts() (attempts, extends, reverts int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.attempts), len(f.extends), len(f.reverts)
}

func (f *fakeEngine) setDelay(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.delay = d
}

// calls returns copies of what the engine was asked.
func (f *fakeEngine) calls() ([]workflows.BoostRequest, []workflows.ExtendRequest, []workflows.RevertRequest) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]workflows.BoostRequest(nil), f.attempts...), append([]workflows.ExtendRequest(nil), f.extends...),
		append([]workflows.RevertRequest(nil), f.reverts...)
}

func (f *fakeEngine) running(st workflows.BoostStatus) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.boosts[st.Request.Namespace] = st
}

// fakeCloud is a Temporal Cloud account of a few namespaces.
type fakeCloud struct {
	caps  map[string]clients.NamespaceCapacity
	infos map[string]clients.CapacityInfo
}

func newFakeCloud() *fakeCloud {
	c := &fakeCloud{caps: map[string]clients.NamespaceCapacity{}, infos: map[string]clients.CapacityInfo{}}
	for _, ns := range []string{"orders.acct", "payments.acct", "search.acct"} {
		c.caps[ns] = clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand(), APSLimit: 500, ResourceVersion: "v1"}
		c.infos[ns] = clients.CapacityInfo{Namespace: ns, Current: clients.OnDemand(),
			ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12}, MaxAvailableTRUs: 10,
			APS: clients.APSStats{Mean: 100, P90: 220, P99: 410}}
	}
	return c
}

func (c *fakeCloud) ListNamespaces(context.Context) ([]string, error) {
	return []string{"orders.acct", "payments.acct", "search.acct"}, nil
}

func (c *fakeCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	v, ok := c.caps[ns]
	if !ok {
		return v, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindNotFound}
	}
	return v, nil
}

func (c *fakeCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	v, ok := c.infos[ns]
	if !ok {
		return v, &clients.Error{Op: "GetNamespaceCapacityInfo", Namespace: ns, Kind: clients.KindNotFound}
	}
	return v, nil
}
