package bot

import (
	"context"
	"errors"
	"sync"

	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// newFakeEngine is the shared engine fake, answering with this package's
// errors.
func newFakeEngine() *bottest.Engine {
	return bottest.NewEngine(bottest.Errors{NoBoost: ErrNoBoost,
		Running:  func(st workflows.BoostStatus) error { return &BoostRunningError{Status: st} },
		Rejected: func(ns, msg string) error { return &UpdateRejectedError{Namespace: ns, Message: msg} }})
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
