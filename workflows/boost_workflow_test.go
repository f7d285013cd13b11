package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

func TestBoostHappyPathWithEnd(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.opDelay = 2 * time.Minute
	h.at(time.Minute, func() {
		h.expectCapacity("before the operation completes", clients.OnDemand())
		if st := h.status(); st.Phase != PhaseApplying {
			t.Errorf("while applying: phase %s", st.Phase)
		}
	})
	h.at(time.Hour, func() {
		h.expectCapacity("during", clients.Provisioned(4))
		if st := h.status(); st.Phase != PhaseActive || !st.Verified {
			t.Errorf("during: phase %s verified %v, want active and verified", st.Phase, st.Verified)
		}
	})
	st := h.run(boostTestRequest(4, 2*time.Hour))

	h.expectCapacity("after", clients.OnDemand())
	if st.Phase != PhaseDone || !st.Reverted || !st.Verified || st.Error != "" {
		t.Errorf("final status: phase %s reverted %v verified %v error %q", st.Phase, st.Reverted, st.Verified, st.Error)
	}
	if !st.Simulated || st.MinActionsPerHour != 1_080_000 || st.WorkflowID != BoostWorkflowID(boostNS) {
		t.Errorf("status fields: simulated %v floor %v id %q", st.Simulated, st.MinActionsPerHour, st.WorkflowID)
	}
	if ended := h.env.Now().Sub(boostT0); ended < 2*time.Hour || ended > 2*time.Hour+10*time.Minute {
		t.Errorf("workflow ended after %s, want just after the 2h end", ended)
	}
	sets := h.cloud.setCalls()
	if len(sets) != 2 || !sets[0].Target.Equal(clients.Provisioned(4)) || !sets[1].Target.Equal(clients.OnDemand()) {
		t.Fatalf("SetCapacity calls = %+v, want apply 4 TRUs then revert to on-demand", sets)
	}
	if !strings.HasSuffix(sets[0].OperationID, "-apply") || !strings.HasSuffix(sets[1].OperationID, "-revert") ||
		!strings.HasPrefix(sets[0].OperationID, BoostWorkflowID(boostNS)+"-") {
		t.Errorf("operation IDs %q, %q not derived from the workflow", sets[0].OperationID, sets[1].OperationID)
	}
	if at := sets[1].At.Sub(boostT0); at < 2*time.Hour {
		t.Errorf("revert sent after %s, before the end time", at)
	}
	steps, alerts, updates, roots, _ := h.chat.snapshot()
	if roots != 1 || len(alerts) != 0 {
		t.Errorf("roots %d alerts %d, want 1 and 0", roots, len(alerts))
	}
	want := []BoostPhase{PhaseApplying, PhaseActive, PhaseReverting, PhaseDone}
	if got := boostPhasesOf(updates); !boostEqualPhases(got, want) {
		t.Errorf("root updates went through %v, want %v", got, want)
	}
	texts := boostStepTexts(steps)
	for _, s := range []string{"Applying: set payments.demo42 from on-demand to 4 TRUs until 16:00 UTC", "Reminder:", "is back to on-demand (verified)"} {
		if !strings.Contains(texts, s) {
			t.Errorf("thread lacks %q:\n%s", s, texts)
		}
	}
}

func TestBoostStartsLater(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	req := boostTestRequest(4, 3*time.Hour)
	req.Start = boostT0.Add(time.Hour)
	h.at(50*time.Minute, func() {
		if n := len(h.cloud.setCalls()); n != 0 {
			t.Errorf("%d SetCapacity calls before the start", n)
		}
		h.expectCapacity("before the start", clients.OnDemand())
		if st := h.status(); st.Phase != PhaseWaiting {
			t.Errorf("phase before the start %s, want waiting", st.Phase)
		}
	})
	h.at(90*time.Minute, func() { h.expectCapacity("after the start", clients.Provisioned(4)) })
	st := h.run(req)
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	if sets := h.cloud.setCalls(); len(sets) != 2 || sets[0].At.Before(req.Start) {
		t.Errorf("SetCapacity calls %+v, want 2 starting at %s", sets, req.Start)
	}
}

func TestBoostSlowOperationStillSucceeds(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.opDelay = 5 * time.Minute
	h.at(4*time.Minute, func() {
		if st := h.status(); st.Phase != PhaseApplying {
			t.Errorf("phase during the slow operation %s, want applying", st.Phase)
		}
	})
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Phase != PhaseDone || !st.Reverted || st.Error != "" {
		t.Errorf("phase %s reverted %v error %q", st.Phase, st.Reverted, st.Error)
	}
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 0 {
		t.Errorf("a slow operation raised alerts: %+v", alerts)
	}
	// Two 5-minute operations polled at 10s then 15s: bounded, not a busy loop.
	if p := h.cloud.pollCount(); p < 2 || p > 60 {
		t.Errorf("%d operation polls for two 5-minute operations", p)
	}
}

func TestBoostDryRunTouchesNothing(t *testing.T) {
	for _, viaPolicy := range []bool{true, false} {
		p := boostTestPolicy()
		p.DryRun = viaPolicy
		h := newBoostHarness(t, clients.OnDemand(), p)
		req := boostTestRequest(4, time.Hour+4*time.Minute)
		req.DryRun = !viaPolicy
		st := h.run(req)
		if n := len(h.cloud.setCalls()); n != 0 {
			t.Errorf("dry run (policy %v) made %d SetCapacity calls", viaPolicy, n)
		}
		want := "would set payments.demo42 from on-demand to 4 TRUs until 15:04 UTC, then back to on-demand; floor 1.08M actions/h"
		if st.Phase != PhaseDone || !st.DryRun || !strings.Contains(st.Message, want) {
			t.Errorf("dry run (policy %v): phase %s dry %v message %q", viaPolicy, st.Phase, st.DryRun, st.Message)
		}
	}
}

func TestBoostRevertsToPreviousCapacity(t *testing.T) {
	h := newBoostHarness(t, clients.Provisioned(2), boostTestPolicy())
	h.at(time.Hour, func() { h.expectCapacity("during", clients.Provisioned(6)) })
	st := h.run(boostTestRequest(6, 2*time.Hour))
	h.expectCapacity("after", clients.Provisioned(2))
	if !st.Before.Equal(clients.Provisioned(2)) || !st.Observed.Equal(clients.Provisioned(2)) || st.Phase != PhaseDone {
		t.Errorf("before %s observed %s phase %s", st.Before, st.Observed, st.Phase)
	}
}

func TestBoostStartingLaterRevertsToTheCapacityAtStart(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	req := boostTestRequest(6, 3*time.Hour)
	req.Start = boostT0.Add(time.Hour)
	h.at(30*time.Minute, func() { // someone else changes the namespace meanwhile
		h.cloud.mu.Lock()
		nc := h.cloud.caps[boostNS]
		nc.Current = clients.Provisioned(2)
		h.cloud.caps[boostNS] = nc
		h.cloud.mu.Unlock()
	})
	st := h.run(req)
	if !st.Before.Equal(clients.Provisioned(2)) || st.Phase != PhaseDone {
		t.Errorf("before %s phase %s, want 2 TRUs and done", st.Before, st.Phase)
	}
	h.expectCapacity("after", clients.Provisioned(2))
}
