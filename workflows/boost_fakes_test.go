package workflows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// boostFakeSet is one SetCapacity call seen by boostFakeCloud.
type boostFakeSet struct {
	Namespace   string
	Target      clients.Capacity
	OperationID string
	At          time.Time
}

type boostFakeOp struct {
	op     clients.AsyncOperation
	ns     string
	lands  clients.Capacity
	doneAt time.Time
	final  clients.OperationState
}

// boostFakeCloud is a consumer-side CloudOps double that behaves like Cloud Ops:
// changes are asynchronous, take opDelay of (test) time, are idempotent per
// operation ID, and are refused while another is in progress. Hooks inject
// faults.
type boostFakeCloud struct {
	mu    sync.Mutex
	now   func() time.Time
	caps  map[string]clients.NamespaceCapacity
	infos map[string]clients.CapacityInfo
	ops   map[string]*boostFakeOp
	sets  []boostFakeSet
	polls int

	opDelay time.Duration
	// checkEvery is the CheckDuration operations report (0: 10s, as Cloud
	// Ops says); the history recorder shortens it to keep real runs short.
	checkEvery time.Duration
	// readDelay is the latency of each GetCapacity call (set before the
	// worker starts).
	readDelay time.Duration
	// readErr, when set, fails every GetCapacity call.
	readErr error
	// setErr, when set, may fail a SetCapacity call (n counts from 1).
	setErr func(n int, call boostFakeSet) error
	// outcome, when set, decides how the n-th operation ends and where the
	// capacity lands; the default is fulfilled at the target.
	outcome func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity)
}

func newBoostFakeCloud(ns string, current clients.Capacity) *boostFakeCloud {
	return &boostFakeCloud{
		now:   time.Now,
		caps:  map[string]clients.NamespaceCapacity{ns: {Namespace: ns, Current: current, ResourceVersion: "rv-1"}},
		infos: map[string]clients.CapacityInfo{ns: {Namespace: ns, ValidTRUs: []float64{2, 3, 4, 6, 8}, MaxAvailableTRUs: 8}},
		ops:   map[string]*boostFakeOp{},
	}
}

func (f *boostFakeCloud) ListNamespaces(context.Context) ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for ns := range f.caps {
		out = append(out, ns)
	}
	return out, nil
}

func (f *boostFakeCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	time.Sleep(f.readDelay)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settle()
	if f.readErr != nil {
		return clients.NamespaceCapacity{}, f.readErr
	}
	nc, ok := f.caps[ns]
	if !ok {
		return clients.NamespaceCapacity{}, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindNotFound}
	}
	return nc, nil
}

func (f *boostFakeCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settle()
	info, ok := f.infos[ns]
	if !ok {
		return clients.CapacityInfo{}, &clients.Error{Op: "GetNamespaceCapacityInfo", Namespace: ns, Kind: clients.KindNotFound}
	}
	info.Current = f.caps[ns].Current
	return info, nil
}

func (f *boostFakeCloud) SetCapacity(_ context.Context, ns string, target clients.Capacity, opID string) (clients.SetCapacityResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settle()
	call := boostFakeSet{Namespace: ns, Target: target, OperationID: opID, At: f.now()}
	f.sets = append(f.sets, call)
	if f.setErr != nil {
		if err := f.setErr(len(f.sets), call); err != nil {
			return clients.SetCapacityResult{}, err
		}
	}
	if o, ok := f.ops[opID]; ok {
		op := o.op
		return clients.SetCapacityResult{Operation: &op}, nil
	}
	nc, ok := f.caps[ns]
	if !ok {
		return clients.SetCapacityResult{}, &clients.Error{Op: "UpdateNamespace", Namespace: ns, Kind: clients.KindNotFound}
	}
	if nc.RequestInProgress() {
		return clients.SetCapacityResult{}, &clients.Error{Op: "UpdateNamespace", Namespace: ns, Kind: clients.KindInProgress}
	}
	if nc.Current.Equal(target) {
		return clients.SetCapacityResult{NoOp: true}, nil
	}
	final, lands := clients.OpFulfilled, target
	if f.outcome != nil {
		final, lands = f.outcome(len(f.ops)+1, target)
	}
	check := f.checkEvery
	if check == 0 {
		check = 10 * time.Second
	}
	o := &boostFakeOp{
		op:     clients.AsyncOperation{ID: opID, State: clients.OpInProgress, CheckDuration: check, Type: "UpdateNamespace", StartedTime: f.now()},
		ns:     ns,
		lands:  lands,
		doneAt: f.now().Add(f.opDelay),
		final:  final,
	}
	f.ops[opID] = o
	nc.LatestRequest = &clients.CapacityRequest{State: clients.RequestInProgress, AsyncOperationID: opID, Target: target, StartTime: f.now()}
	nc.ResourceVersion = "rv-" + strconv.Itoa(len(f.ops)+1)
	f.caps[ns] = nc
	op := o.op
	return clients.SetCapacityResult{Operation: &op}, nil
}

func (f *boostFakeCloud) GetAsyncOperation(_ context.Context, id string) (clients.AsyncOperation, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settle()
	f.polls++
	o, ok := f.ops[id]
	if !ok {
		return clients.AsyncOperation{}, &clients.Error{Op: "GetAsyncOperation", Kind: clients.KindNotFound, Err: errors.New("no such operation")}
	}
	return o.op, nil
}

// settle finishes the operations whose time has come. Callers hold mu.
func (f *boostFakeCloud) settle() {
	now := f.now()
	for _, o := range f.ops {
		if o.op.Done() || now.Before(o.doneAt) {
			continue
		}
		o.op.State, o.op.FinishedTime = o.final, now
		nc := f.caps[o.ns]
		state := clients.RequestFailed
		if o.final == clients.OpFulfilled {
			nc.Current, state = o.lands, clients.RequestCompleted
		} else {
			o.op.FailureReason = "simulated failure"
		}
		if nc.LatestRequest != nil && nc.LatestRequest.AsyncOperationID == o.op.ID {
			req := *nc.LatestRequest
			req.State, req.EndTime = state, now
			nc.LatestRequest = &req
		}
		f.caps[o.ns] = nc
	}
}

func (f *boostFakeCloud) current(ns string) clients.Capacity {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settle()
	return f.caps[ns].Current
}

func (f *boostFakeCloud) setCalls() []boostFakeSet {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]boostFakeSet(nil), f.sets...)
}

func (f *boostFakeCloud) pollCount() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.polls
}

// boostFakeNotifier records what the workflow told the chat side; with fail
// set, every call fails as if Slack were down.
type boostFakeNotifier struct {
	mu      sync.Mutex
	fail    bool
	calls   int
	roots   []BoostStatus
	updates []BoostStatus
	steps   []Step
	alerts  []Alert
	rows    []ReportRowUpdate
}

var errBoostSlackDown = errors.New("slack is down")

func (n *boostFakeNotifier) call() error {
	n.calls++
	if n.fail {
		return errBoostSlackDown
	}
	return nil
}

func (n *boostFakeNotifier) CreateBoostRoot(_ context.Context, channel string, st BoostStatus) (MessageRef, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.call(); err != nil {
		return MessageRef{}, err
	}
	n.roots = append(n.roots, st)
	return MessageRef{Channel: channel, TS: fmt.Sprintf("1700000000.%06d", len(n.roots))}, nil
}

func (n *boostFakeNotifier) UpdateBoostRoot(_ context.Context, _ MessageRef, st BoostStatus) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.call(); err != nil {
		return err
	}
	n.updates = append(n.updates, st)
	return nil
}

func (n *boostFakeNotifier) PostBoostStep(_ context.Context, _ MessageRef, _ BoostStatus, step Step) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.call(); err != nil {
		return err
	}
	n.steps = append(n.steps, step)
	return nil
}

func (n *boostFakeNotifier) PostAlert(_ context.Context, alert Alert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.call(); err != nil {
		return err
	}
	n.alerts = append(n.alerts, alert)
	return nil
}

func (n *boostFakeNotifier) UpdateReportRow(_ context.Context, u ReportRowUpdate) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if err := n.call(); err != nil {
		return err
	}
	n.rows = append(n.rows, u)
	return nil
}

func (n *boostFakeNotifier) reportRows() []ReportRowUpdate {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]ReportRowUpdate(nil), n.rows...)
}

func (n *boostFakeNotifier) PostAnalysisProgress(context.Context, AnalysisProgress) (MessageRef, error) {
	return MessageRef{}, errors.New("not used by a boost")
}

func (n *boostFakeNotifier) PostReport(context.Context, string, AnalysisReport) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.call()
}

func (n *boostFakeNotifier) snapshot() (steps []Step, alerts []Alert, updates []BoostStatus, roots int, calls int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]Step(nil), n.steps...), append([]Alert(nil), n.alerts...),
		append([]BoostStatus(nil), n.updates...), len(n.roots), n.calls
}

// setOutside changes a namespace's capacity at once, as another tool
// (Terraform, tcld, the Cloud UI) would behind the boost's back.
func (f *boostFakeCloud) setOutside(ns string, c clients.Capacity) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.settle()
	nc := f.caps[ns]
	nc.Current = c
	nc.LatestRequest = &clients.CapacityRequest{State: clients.RequestCompleted, AsyncOperationID: "outside", Target: c, StartTime: f.now(), EndTime: f.now()}
	f.caps[ns] = nc
}
