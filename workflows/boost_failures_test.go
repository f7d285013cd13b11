package workflows

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

func TestBoostApplyOperationFails(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.outcome = func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity) {
		return clients.OpFailed, target
	}
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Phase != PhaseFailed || !strings.Contains(st.Error, "failed") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 1 {
		t.Errorf("%d SetCapacity calls, want only the failed apply (nothing to revert)", n)
	}
	h.expectCapacity("after the failed apply", clients.OnDemand())
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 1 || alerts[0].Requester != "U1" || alerts[0].Thread.TS == "" || alerts[0].Namespace != boostNS {
		t.Errorf("alerts %+v, want one naming U1 and linking the thread", alerts)
	}
}

func TestBoostApplyRefusedByCloud(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.setErr = func(int, boostFakeSet) error {
		return &clients.Error{Op: "UpdateNamespace", Namespace: boostNS, Kind: clients.KindPermission, Err: errors.New("denied")}
	}
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Phase != PhaseFailed || !strings.Contains(st.Error, "permission") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 1 {
		t.Errorf("%d SetCapacity calls, want 1 (a permission error is not retried)", n)
	}
}

func TestBoostVerificationFailsRevertsForSafety(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.outcome = func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity) {
		if n == 1 {
			return clients.OpFulfilled, clients.Provisioned(2) // lands at the wrong value
		}
		return clients.OpFulfilled, target
	}
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Phase != PhaseFailed || !strings.Contains(st.Error, "found 2 TRUs instead of 4 TRUs") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if !st.Reverted {
		t.Error("no safety revert after a failed verification")
	}
	h.expectCapacity("after the safety revert", clients.OnDemand())
	sets := h.cloud.setCalls()
	if len(sets) != 2 || !sets[1].Target.Equal(clients.OnDemand()) {
		t.Errorf("SetCapacity calls %+v, want apply then revert to on-demand", sets)
	}
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 1 {
		t.Errorf("%d alerts, want 1", len(alerts))
	}
	if ended := h.env.Now().Sub(boostT0); ended > time.Hour {
		t.Errorf("failed boost ended after %s, want promptly", ended)
	}
}

func TestBoostFailedRevertIsRetriedAndAlerted(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	end := 2 * time.Hour
	h.cloud.setErr = func(_ int, call boostFakeSet) error {
		if call.Target.Equal(clients.OnDemand()) && call.At.Before(boostT0.Add(end+40*time.Minute)) {
			return &clients.Error{Op: "UpdateNamespace", Namespace: boostNS, Kind: clients.KindPermission, Err: errors.New("key revoked")}
		}
		return nil
	}
	h.at(end+20*time.Minute, func() {
		st := h.status()
		if st.Phase != PhaseReverting || !strings.Contains(st.Error, "Revert of payments.demo42") {
			t.Errorf("while the revert fails: phase %s error %q", st.Phase, st.Error)
		}
	})
	st := h.run(boostTestRequest(4, end))
	if st.Phase != PhaseDone || !st.Reverted || st.Error != "" {
		t.Errorf("phase %s reverted %v error %q", st.Phase, st.Reverted, st.Error)
	}
	h.expectCapacity("after the retried revert", clients.OnDemand())
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 2 { // first failure, then the 15-minute escalation
		t.Errorf("%d alerts, want 2: %+v", len(alerts), alerts)
	}
	for _, a := range alerts {
		if a.Requester != "U1" || !strings.Contains(a.Title, "Revert") {
			t.Errorf("alert %+v", a)
		}
	}
}

func TestBoostRevertGivesUpAfterADayLoudly(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.setErr = func(_ int, call boostFakeSet) error {
		if call.Target.Equal(clients.OnDemand()) {
			return &clients.Error{Op: "UpdateNamespace", Namespace: boostNS, Kind: clients.KindPermission, Err: errors.New("key revoked")}
		}
		return nil
	}
	st := h.run(boostTestRequest(4, time.Hour))
	if st.Phase != PhaseFailed || st.Reverted || !strings.Contains(st.Message, "Please set it by hand") {
		t.Errorf("phase %s reverted %v message %q", st.Phase, st.Reverted, st.Message)
	}
	if failingFor := h.env.Now().Sub(boostT0.Add(time.Hour)); failingFor < boostRevertFor || failingFor > boostRevertFor+time.Hour {
		t.Errorf("gave up after %s, want after %s", failingFor, boostRevertFor)
	}
	_, alerts, _, _, _ := h.chat.snapshot()
	// First failure, 15m, 1h, 4h and 12h escalations, then the final one.
	if len(alerts) != 6 || !strings.Contains(alerts[5].Title, "abandoned") {
		t.Errorf("%d alerts, want 6 ending with the abandonment", len(alerts))
	}
	h.expectCapacity("after giving up", clients.Provisioned(4))
}

func TestBoostSlackDownDoesNotBlockTheChange(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.chat.fail = true
	h.at(time.Hour, func() { h.expectCapacity("during", clients.Provisioned(4)) })
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	h.expectCapacity("after", clients.OnDemand())
	if reverted := h.cloud.setCalls()[1].At.Sub(boostT0); reverted > 2*time.Hour+time.Minute {
		t.Errorf("revert delayed to %s by Slack", reverted)
	}
	_, _, _, _, calls := h.chat.snapshot()
	// About a dozen messages, each tried exactly 5 times before it is given up.
	if calls == 0 || calls%5 != 0 || calls > 5*12 {
		t.Errorf("%d notifier calls: want each message tried 5 times, no more", calls)
	}
}

func TestBoostUnknownNamespaceIsRefused(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	req := boostTestRequest(4, 2*time.Hour)
	req.Namespace = "payments.gone"
	st := h.run(req)
	if st.Phase != PhaseRefused || !strings.Contains(st.Error, "payments.gone") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if _, alerts, _, _, _ := h.chat.snapshot(); len(alerts) != 0 {
		t.Errorf("a refusal raised alerts: %+v", alerts)
	}
}

func TestBoostRefusedChangesNothing(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	st := h.run(boostTestRequest(5, 2*time.Hour))
	if st.Phase != PhaseRefused || !strings.Contains(st.Error, "choose one of 2, 3, 4, 6, 8") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls for a refused boost", n)
	}
	steps, _, _, _, _ := h.chat.snapshot()
	if texts := boostStepTexts(steps); !strings.Contains(texts, "Refused:") {
		t.Errorf("thread lacks the refusal:\n%s", texts)
	}
}

func TestBoostStartingLaterIsRecheckedAtStart(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	req := boostTestRequest(4, 3*time.Hour)
	req.Start = boostT0.Add(time.Hour)
	h.at(30*time.Minute, func() { // a change by someone else is still running at the start
		h.cloud.mu.Lock()
		nc := h.cloud.caps[boostNS]
		nc.LatestRequest = &clients.CapacityRequest{State: clients.RequestInProgress}
		h.cloud.caps[boostNS] = nc
		h.cloud.mu.Unlock()
	})
	st := h.run(req)
	if st.Phase != PhaseRefused || !strings.Contains(st.Error, "already in progress") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls", n)
	}
}

func TestBoostStuckOperationIsRevertedForSafety(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.opDelay = 45 * time.Minute // beyond the 30-minute wait
	st := h.run(boostTestRequest(4, 3*time.Hour))
	if st.Phase != PhaseFailed || !st.Reverted || !strings.Contains(st.Error, "instead of 4 TRUs") {
		t.Errorf("phase %s reverted %v error %q", st.Phase, st.Reverted, st.Error)
	}
	h.expectCapacity("after the safety revert", clients.OnDemand())
	sets := h.cloud.setCalls()
	if last := sets[len(sets)-1]; !last.Target.Equal(clients.OnDemand()) || last.At.Before(boostT0.Add(45*time.Minute)) {
		t.Errorf("last SetCapacity %+v, want the revert once the stuck change finished", last)
	}
	if _, alerts, _, _, _ := h.chat.snapshot(); len(alerts) == 0 {
		t.Error("no alert for a stuck change")
	}
}

func TestBoostUnreadableNamespaceFailsWithoutChange(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.readErr = &clients.Error{Op: "GetNamespace", Namespace: boostNS, Kind: clients.KindUnavailable, Err: errors.New("503")}
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Phase != PhaseFailed || !strings.Contains(st.Error, "Could not read the capacity") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls", n)
	}
	if _, alerts, _, _, _ := h.chat.snapshot(); len(alerts) != 1 || alerts[0].Requester != "U1" {
		t.Errorf("alerts %+v, want one naming U1", alerts)
	}
}
