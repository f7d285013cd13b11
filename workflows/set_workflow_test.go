package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// setTestRequest is a permanent change of boostNS, from a report's Apply
// button when report is set.
func setTestRequest(target clients.Capacity, report bool) BoostRequest {
	req := BoostRequest{Namespace: boostNS, TRUs: target.TRUs, OnDemand: target.Mode == clients.ModeOnDemand,
		Permanent: true, Reason: "too big", Requester: "U1", Channel: "C1"}
	if report {
		req.Report = &MessageRef{Channel: "C9", TS: "1700000000.000009"}
	}
	return req
}

func TestSetAppliesVerifiesAndStays(t *testing.T) {
	tests := []struct {
		name           string
		before, target clients.Capacity
	}{
		{"to provisioned", clients.OnDemand(), clients.Provisioned(4)},
		{"to on-demand", clients.Provisioned(8), clients.OnDemand()},
		{"fewer TRUs", clients.Provisioned(8), clients.Provisioned(2)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newBoostHarness(t, tc.before, boostTestPolicy())
			st := h.run(setTestRequest(tc.target, false))
			if st.Phase != PhaseDone || !st.Verified || st.Reverted || st.Error != "" {
				t.Fatalf("status %+v, want done, verified, not reverted", st)
			}
			if !st.Before.Equal(tc.before) || !st.Target.Equal(tc.target) || !st.Observed.Equal(tc.target) {
				t.Errorf("before %s target %s observed %s", st.Before, st.Target, st.Observed)
			}
			h.expectCapacity("after the change", tc.target)
			sets := h.cloud.setCalls()
			if len(sets) != 1 || !sets[0].Target.Equal(tc.target) {
				t.Errorf("SetCapacity calls %+v, want one, to %s (no revert)", sets, tc.target)
			}
			if !strings.HasPrefix(sets[0].OperationID, BoostWorkflowID(boostNS)+"-") {
				t.Errorf("operation ID %q not derived from the workflow", sets[0].OperationID)
			}
			if took := h.env.Now().Sub(boostT0); took > time.Hour {
				t.Errorf("the change ended after %s, want no hold", took)
			}
			steps, alerts, _, _, _ := h.chat.snapshot()
			text := boostStepTexts(steps)
			for _, want := range []string{"as a permanent change", "(verified). This is a permanent change"} {
				if !strings.Contains(text, want) {
					t.Errorf("steps lack %q:\n%s", want, text)
				}
			}
			if strings.Contains(text, "Revert") || len(alerts) != 0 {
				t.Errorf("a permanent change reverted or alerted: %s %+v", text, alerts)
			}
			if rows := h.chat.reportRows(); len(rows) != 0 {
				t.Errorf("report rows %+v for a change not from a report", rows)
			}
		})
	}
}

func TestSetRefused(t *testing.T) {
	tests := []struct {
		name   string
		before clients.Capacity
		req    func(BoostRequest) BoostRequest
		busy   bool
		want   string
	}{
		{"invalid TRUs", clients.OnDemand(), func(r BoostRequest) BoostRequest { r.TRUs = 5; return r }, false, "5 TRUs is not a valid value"},
		{"above MAX_TRUS", clients.OnDemand(), func(r BoostRequest) BoostRequest { r.TRUs = 8; return r }, false, "at most 6 TRUs"},
		{"already on-demand", clients.OnDemand(), func(r BoostRequest) BoostRequest { r.TRUs, r.OnDemand = 0, true; return r }, false, "already on-demand"},
		{"with an end", clients.OnDemand(), func(r BoostRequest) BoostRequest { r.End = boostT0.Add(time.Hour); return r }, false, "no start or end"},
		{"change in progress", clients.OnDemand(), func(r BoostRequest) BoostRequest { return r }, true, "already in progress"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := boostTestPolicy()
			p.MaxTRUs = 6
			h := newBoostHarness(t, tc.before, p)
			if tc.busy {
				h.cloud.setInProgress(boostNS)
			}
			st := h.run(tc.req(setTestRequest(clients.Provisioned(4), true)))
			if st.Phase != PhaseRefused || !strings.Contains(st.Error, tc.want) {
				t.Errorf("phase %s error %q, want refused with %q", st.Phase, st.Error, tc.want)
			}
			if n := len(h.cloud.setCalls()); n != 0 {
				t.Errorf("%d SetCapacity calls after a refusal", n)
			}
			rows := h.chat.reportRows()
			if len(rows) != 1 || rows[0].Status.Phase != PhaseRefused || rows[0].Report.TS != "1700000000.000009" {
				t.Errorf("report rows %+v, want the refusal on the report's row", rows)
			}
		})
	}
}

func TestSetApplyFailedAlertsWithTheRealCapacity(t *testing.T) {
	tests := []struct {
		name     string
		lands    func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity)
		want     string // in the alert
		reverted bool
	}{
		{"operation failed", func(int, clients.Capacity) (clients.OperationState, clients.Capacity) {
			return clients.OpFailed, clients.Capacity{}
		}, "is still at 8 TRUs; nothing was changed", false},
		{"landed elsewhere", func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity) {
			if n == 1 {
				return clients.OpFulfilled, clients.Provisioned(4)
			}
			return clients.OpFulfilled, target
		}, "last seen at 4 TRUs", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newBoostHarness(t, clients.Provisioned(8), boostTestPolicy())
			h.cloud.outcome = func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity) {
				state, at := tc.lands(n, target)
				if at.Mode == "" {
					at = clients.Provisioned(8)
				}
				return state, at
			}
			st := h.run(setTestRequest(clients.OnDemand(), true))
			if st.Phase != PhaseFailed || !strings.Contains(st.Error, "Could not change "+boostNS+" to on-demand") {
				t.Errorf("phase %s error %q", st.Phase, st.Error)
			}
			if st.Reverted != tc.reverted || !st.Observed.Equal(clients.Provisioned(8)) {
				t.Errorf("reverted %v observed %s, want reverted %v and observed 8 TRUs", st.Reverted, st.Observed, tc.reverted)
			}
			h.expectCapacity("after the failed change", clients.Provisioned(8))
			_, alerts, _, _, _ := h.chat.snapshot()
			if len(alerts) != 1 || alerts[0].Title != "Change of "+boostNS+" failed" || !strings.Contains(alerts[0].Text, tc.want) || alerts[0].Requester != "U1" {
				t.Errorf("alerts %+v, want one titled as a change, naming U1 and saying %q", alerts, tc.want)
			}
			rows := h.chat.reportRows()
			if len(rows) != 1 || rows[0].Status.Phase != PhaseFailed || rows[0].Change.TS == "" {
				t.Errorf("report rows %+v, want the failure with a link to the change", rows)
			}
		})
	}
}

func TestSetDryRunChangesNothing(t *testing.T) {
	h := newBoostHarness(t, clients.Provisioned(8), boostTestPolicy())
	req := setTestRequest(clients.OnDemand(), true)
	req.DryRun = true
	st := h.run(req)
	if st.Phase != PhaseDone || !st.DryRun || st.Verified {
		t.Errorf("status %+v, want a done dry run", st)
	}
	if !strings.Contains(st.Message, "Dry run: would set "+boostNS+" from 8 TRUs to on-demand as a permanent change") {
		t.Errorf("message %q", st.Message)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls in a dry run", n)
	}
	if rows := h.chat.reportRows(); len(rows) != 1 || !rows[0].Status.DryRun {
		t.Errorf("report rows %+v, want the dry run on the report's row", rows)
	}
}

func TestSetCannotBeRevertedOrExtended(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.opDelay = 10 * time.Minute
	var revert, extend *boostUpdateOutcome
	h.at(time.Minute, func() {
		revert = h.update(UpdateRevertNow, RevertRequest{Requester: "U2"})
		extend = h.update(UpdateExtend, ExtendRequest{NewEnd: boostT0.Add(2 * time.Hour), Requester: "U2"})
	})
	st := h.run(setTestRequest(clients.Provisioned(4), false))
	if revert == nil || revert.rejected == nil || !strings.Contains(revert.rejected.Error(), "permanent change") {
		t.Errorf("revert_now during a permanent change: %+v, want rejected", revert)
	}
	if extend == nil || extend.rejected == nil {
		t.Errorf("extend during a permanent change: %+v, want rejected", extend)
	}
	if st.Phase != PhaseDone || st.Reverted {
		t.Errorf("status %+v, want done and not reverted", st)
	}
	h.expectCapacity("after the change", clients.Provisioned(4))
}

// setInProgress makes the namespace show a capacity change still in
// progress, as one started elsewhere (the Cloud UI) would.
func (f *boostFakeCloud) setInProgress(ns string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := f.caps[ns]
	c.LatestRequest = &clients.CapacityRequest{State: clients.RequestInProgress}
	f.caps[ns] = c
}
