package reliability

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// recEngine is a bot.Engine that records every call, so a test can assert
// that refused input started, changed or queried nothing. One boost, of
// runningNS, is running.
type recEngine struct {
	mu        sync.Mutex
	calls     []string
	runningNS string
}

func (e *recEngine) record(call string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = append(e.calls, call)
}

// changes are the calls that would start or change a workflow.
func (e *recEngine) changes() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, c := range e.calls {
		if !strings.HasPrefix(c, "BoostStatus") && !strings.HasPrefix(c, "ActiveBoosts") {
			out = append(out, c)
		}
	}
	return out
}

// changesAndReads is every call.
func (e *recEngine) changesAndReads() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.calls)
}

func (e *recEngine) reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls = nil
}

func (e *recEngine) running(ns string) workflows.BoostStatus {
	return workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: ns, TRUs: 4, Requester: boostUser},
		Phase: workflows.PhaseActive, Before: clients.OnDemand(), Target: clients.Provisioned(4),
		End: time.Now().Add(time.Hour), WorkflowID: workflows.BoostWorkflowID(ns)}
}

func (e *recEngine) StartAnalysis(_ context.Context, id string, _ workflows.AnalysisRequest) (bool, error) {
	e.record("StartAnalysis " + id)
	return false, nil
}

func (e *recEngine) StartBoost(_ context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	e.record(fmt.Sprintf("StartBoost %s %g", req.Namespace, req.TRUs))
	if req.Namespace == e.runningNS {
		return workflows.BoostStatus{}, &bot.BoostRunningError{Status: e.running(req.Namespace)}
	}
	return workflows.BoostStatus{Request: req, Phase: workflows.PhasePlanned, WorkflowID: workflows.BoostWorkflowID(req.Namespace)}, nil
}

func (e *recEngine) BoostStatus(_ context.Context, ns string) (workflows.BoostStatus, error) {
	e.record("BoostStatus " + ns)
	if ns == e.runningNS {
		return e.running(ns), nil
	}
	return workflows.BoostStatus{}, bot.ErrNoBoost
}

func (e *recEngine) ActiveBoosts(context.Context) ([]workflows.BoostStatus, error) {
	e.record("ActiveBoosts")
	return []workflows.BoostStatus{e.running(e.runningNS)}, nil
}

func (e *recEngine) Extend(_ context.Context, ns string, req workflows.ExtendRequest) (workflows.BoostStatus, error) {
	e.record("Extend " + ns)
	if ns != e.runningNS {
		return workflows.BoostStatus{}, bot.ErrNoBoost
	}
	st := e.running(ns)
	st.End = req.NewEnd
	return st, nil
}

func (e *recEngine) RevertNow(_ context.Context, ns string, _ workflows.RevertRequest) (workflows.BoostStatus, error) {
	e.record("RevertNow " + ns)
	if ns != e.runningNS {
		return workflows.BoostStatus{}, bot.ErrNoBoost
	}
	st := e.running(ns)
	st.Phase = workflows.PhaseReverting
	return st, nil
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
