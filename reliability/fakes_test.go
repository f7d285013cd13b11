package reliability

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// newRecEngine is the shared engine fake with one boost, of runningNS
// (when set), running: Reset returns to that.
func newRecEngine(runningNS string) *bottest.Engine {
	e := bottest.NewEngine(bottest.Errors{NoBoost: bot.ErrNoBoost,
		Running:  func(st workflows.BoostStatus) error { return &bot.BoostRunningError{Status: st} },
		Rejected: func(ns, msg string) error { return &bot.UpdateRejectedError{Namespace: ns, Message: msg} }})
	if runningNS != "" {
		e.SetRunning(workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: runningNS, TRUs: 4, Requester: boostUser},
			Phase: workflows.PhaseActive, Before: clients.OnDemand(), Target: clients.Provisioned(4),
			End: time.Now().Add(time.Hour), WorkflowID: workflows.BoostWorkflowID(runningNS)})
	}
	return e
}

// fakeCloud is a bot.CloudReader over a fixed list of on-demand namespaces.
type fakeCloud struct{ namespaces []string }

func (c fakeCloud) ListNamespaces(context.Context) ([]string, error) {
	return slices.Clone(c.namespaces), nil
}

func (c fakeCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	if !slices.Contains(c.namespaces, ns) {
		return clients.NamespaceCapacity{}, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindNotFound,
			Err: fmt.Errorf("namespace %s not found", ns)}
	}
	return clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand()}, nil
}

func (c fakeCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	if !slices.Contains(c.namespaces, ns) {
		return clients.CapacityInfo{}, &clients.Error{Op: "GetNamespaceCapacityInfo", Namespace: ns, Kind: clients.KindNotFound,
			Err: fmt.Errorf("namespace %s not found", ns)}
	}
	return clients.CapacityInfo{Namespace: ns, ValidTRUs: []float64{2, 3, 4, 6, 8}, MaxAvailableTRUs: 8}, nil
}
