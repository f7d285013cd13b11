package bot

import (
	"context"
	"errors"
	"sync"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// fakeEngine records every call and answers from its boosts map.
type fakeEngine struct {
	mu        sync.Mutex
	boosts    map[string]workflows.BoostStatus // running, by namespace
	analyses  map[string]workflows.AnalysisRequest
	starts    []workflows.BoostRequest
	extends   []workflows.ExtendRequest
	reverts   []workflows.RevertRequest
	err       error // returned by every call when set
	rejection string
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{boosts: map[string]workflows.BoostStatus{}, analyses: map[string]workflows.AnalysisRequest{}}
}

func (f *fakeEngine) StartAnalysis(_ context.Context, id string, req workflows.AnalysisRequest) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return false, f.err
	}
	if _, ok := f.analyses[id]; ok {
		return true, nil
	}
	f.analyses[id] = req
	return false, nil
}

func (f *fakeEngine) StartBoost(_ context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return workflows.BoostStatus{}, f.err
	}
	if st, ok := f.boosts[req.Namespace]; ok {
		return workflows.BoostStatus{}, &BoostRunningError{Status: st}
	}
	f.starts = append(f.starts, req)
	st := workflows.BoostStatus{Request: req, Phase: workflows.PhasePlanned, End: req.End, Target: clients.Provisioned(req.TRUs),
		WorkflowID: workflows.BoostWorkflowID(req.Namespace), DryRun: req.DryRun}
	f.boosts[req.Namespace] = st
	return st, nil
}

func (f *fakeEngine) BoostStatus(_ context.Context, ns string) (workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return workflows.BoostStatus{}, f.err
	}
	st, ok := f.boosts[ns]
	if !ok {
		return workflows.BoostStatus{}, ErrNoBoost
	}
	return st, nil
}

func (f *fakeEngine) ActiveBoosts(context.Context) ([]workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.err != nil {
		return nil, f.err
	}
	var out []workflows.BoostStatus
	for _, st := range f.boosts {
		out = append(out, st)
	}
	return out, nil
}

func (f *fakeEngine) Extend(_ context.Context, ns string, req workflows.ExtendRequest) (workflows.BoostStatus, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.rejection != "" {
		return workflows.BoostStatus{}, &UpdateRejectedError{Namespace: ns, Message: f.rejection}
	}
	st, ok := f.boosts[ns]
	if !ok {
		return workflows.BoostStatus{}, ErrNoBoost
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
		return workflows.BoostStatus{}, ErrNoBoost
	}
	f.reverts = append(f.reverts, req)
	st.Phase = workflows.PhaseReverting
	f.boosts[ns] = st
	return st, nil
}

// changed reports whether anything was started or changed.
func (f *fakeEngine) changed() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.starts)+len(f.extends)+len(f.reverts)+len(f.analyses) > 0
}

// fakeCloud is a tiny Temporal Cloud account.
type fakeCloud struct {
	namespaces []string
	capacity   map[string]clients.NamespaceCapacity
	info       map[string]clients.CapacityInfo
	err        error
}

func newFakeCloud() *fakeCloud {
	fc := &fakeCloud{
		namespaces: []string{"payments.demo42", "orders.demo42", "orders.other7", "search.demo42", "secret.demo42"},
		capacity:   map[string]clients.NamespaceCapacity{},
		info:       map[string]clients.CapacityInfo{},
	}
	for _, ns := range fc.namespaces {
		fc.capacity[ns] = clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand(), ResourceVersion: "v1"}
		fc.info[ns] = clients.CapacityInfo{Namespace: ns, Current: clients.OnDemand(), ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12}, MaxAvailableTRUs: 12}
	}
	return fc
}

func (f *fakeCloud) ListNamespaces(context.Context) ([]string, error) {
	if f.err != nil {
		return nil, f.err
	}
	return append([]string(nil), f.namespaces...), nil
}

func (f *fakeCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	if f.err != nil {
		return clients.NamespaceCapacity{}, f.err
	}
	c, ok := f.capacity[ns]
	if !ok {
		return c, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindNotFound, Err: errors.New("not found")}
	}
	return c, nil
}

func (f *fakeCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	if f.err != nil {
		return clients.CapacityInfo{}, f.err
	}
	return f.info[ns], nil
}

// fakeGroups answers group membership and counts lookups.
type fakeGroups struct {
	mu      sync.Mutex
	members map[string][]string
	err     error
	calls   int
}

func (f *fakeGroups) GroupMembers(_ context.Context, group string) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	return f.members[group], nil
}
