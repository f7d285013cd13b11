package workflows

import (
	"context"
	"errors"
	"sync"

	"github.com/capacitybot/capacitybot/clients"
)

// analysisFakeCloud is an in-memory CloudOps for the analysis tests. Errors
// queued per namespace are returned, one per call, before the stored values.
type analysisFakeCloud struct {
	mu         sync.Mutex
	namespaces []string
	caps       map[string]clients.NamespaceCapacity
	infos      map[string]clients.CapacityInfo
	capErrs    map[string][]error
	infoErrs   map[string][]error
	listErr    error
	capCalls   map[string]int
	infoCalls  map[string]int

	// gate, when set, holds every GetCapacity call until it is closed;
	// reached is closed once reachAt calls are in flight at the same time.
	gate        chan struct{}
	reached     chan struct{}
	reachAt     int
	inflight    int
	maxInflight int
	// block holds GetCapacity of one namespace until its channel is closed.
	block map[string]chan struct{}
}

func newAnalysisFakeCloud() *analysisFakeCloud {
	return &analysisFakeCloud{
		caps: map[string]clients.NamespaceCapacity{}, infos: map[string]clients.CapacityInfo{},
		capErrs: map[string][]error{}, infoErrs: map[string][]error{},
		capCalls: map[string]int{}, infoCalls: map[string]int{},
	}
}

// add stores a readable namespace.
func (f *analysisFakeCloud) add(ns string, current clients.Capacity, info clients.CapacityInfo) {
	f.namespaces = append(f.namespaces, ns)
	f.caps[ns] = clients.NamespaceCapacity{Namespace: ns, Current: current, APSLimit: max(current.TRUs*500, 500)}
	info.Namespace, info.Current = ns, current
	f.infos[ns] = info
}

func (f *analysisFakeCloud) ListNamespaces(ctx context.Context) ([]string, error) {
	if f.listErr != nil {
		return nil, f.listErr
	}
	return append([]string(nil), f.namespaces...), nil
}

func (f *analysisFakeCloud) GetCapacity(ctx context.Context, ns string) (clients.NamespaceCapacity, error) {
	f.mu.Lock()
	f.capCalls[ns]++
	f.inflight++
	f.maxInflight = max(f.maxInflight, f.inflight)
	if f.reached != nil && f.inflight == f.reachAt {
		close(f.reached)
		f.reached = nil
	}
	gate := f.gate
	if b, ok := f.block[ns]; ok {
		gate = b
	}
	f.mu.Unlock()
	defer func() {
		f.mu.Lock()
		f.inflight--
		f.mu.Unlock()
	}()
	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
			return clients.NamespaceCapacity{}, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if errs := f.capErrs[ns]; len(errs) > 0 {
		f.capErrs[ns] = errs[1:]
		return clients.NamespaceCapacity{}, errs[0]
	}
	c, ok := f.caps[ns]
	if !ok {
		return c, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindNotFound}
	}
	return c, nil
}

func (f *analysisFakeCloud) GetCapacityInfo(ctx context.Context, ns string) (clients.CapacityInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.infoCalls[ns]++
	if errs := f.infoErrs[ns]; len(errs) > 0 {
		f.infoErrs[ns] = errs[1:]
		return clients.CapacityInfo{}, errs[0]
	}
	i, ok := f.infos[ns]
	if !ok {
		return i, &clients.Error{Op: "GetNamespaceCapacityInfo", Namespace: ns, Kind: clients.KindNotFound}
	}
	return i, nil
}

func (f *analysisFakeCloud) SetCapacity(context.Context, string, clients.Capacity, string) (clients.SetCapacityResult, error) {
	return clients.SetCapacityResult{}, errors.New("analysis must never change capacity")
}

func (f *analysisFakeCloud) GetAsyncOperation(context.Context, string) (clients.AsyncOperation, error) {
	return clients.AsyncOperation{}, errors.New("analysis must never poll operations")
}

func (f *analysisFakeCloud) calls(ns string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.capCalls[ns] + f.infoCalls[ns]
}

// analysisFakeUsage returns queued errors, one per call, then the snapshot.
type analysisFakeUsage struct {
	mu    sync.Mutex
	snap  clients.UsageSnapshot
	errs  []error
	calls int
}

func (f *analysisFakeUsage) FetchUsage(context.Context) (clients.UsageSnapshot, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if len(f.errs) > 0 {
		err := f.errs[0]
		f.errs = f.errs[1:]
		return clients.UsageSnapshot{}, err
	}
	return f.snap, nil
}

// analysisFakeNotifier records posted reports and progress; err makes
// every report's post fail.
type analysisFakeNotifier struct {
	mu       sync.Mutex
	reports  []AnalysisReport
	progress []AnalysisProgress
	err      error
}

func (n *analysisFakeNotifier) PostAnalysisProgress(_ context.Context, p AnalysisProgress) (MessageRef, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.progress = append(n.progress, p)
	if p.Ref != nil {
		return *p.Ref, nil
	}
	return MessageRef{Channel: p.Channel, TS: "progress-1"}, nil
}

func (n *analysisFakeNotifier) PostReport(_ context.Context, _ string, r AnalysisReport) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.err != nil {
		return n.err
	}
	n.reports = append(n.reports, r)
	return nil
}

func (n *analysisFakeNotifier) CreateBoostRoot(context.Context, string, BoostStatus) (MessageRef, error) {
	return MessageRef{}, errors.New("not used by the analysis")
}

func (n *analysisFakeNotifier) UpdateBoostRoot(context.Context, MessageRef, BoostStatus) error {
	return errors.New("not used by the analysis")
}

func (n *analysisFakeNotifier) UpdateReportRow(context.Context, ReportRowUpdate) error {
	return errors.New("not used by the analysis")
}

func (n *analysisFakeNotifier) PostBoostStep(context.Context, MessageRef, BoostStatus, Step) error {
	return errors.New("not used by the analysis")
}

func (n *analysisFakeNotifier) PostAlert(context.Context, Alert) error {
	return errors.New("not used by the analysis")
}
