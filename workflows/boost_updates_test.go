package workflows

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

func TestBoostWithoutEndHoldsUntilRevertNow(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	var out *boostUpdateOutcome
	h.at(5*time.Hour, func() {
		h.expectCapacity("after 5h with no end", clients.Provisioned(4))
		out = h.update(UpdateRevertNow, RevertRequest{Requester: "U2"})
	})
	st := h.run(boostTestRequest(4, 0))
	if out == nil || !out.done || out.rejected != nil || out.err != nil {
		t.Fatalf("revert_now outcome %+v", out)
	}
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	h.expectCapacity("after revert_now", clients.OnDemand())
	steps, _, _, _, _ := h.chat.snapshot()
	if texts := boostStepTexts(steps); !strings.Contains(texts, "<@U2> asked to end the boost") || !strings.Contains(texts, "requested by <@U2>") {
		t.Errorf("thread does not name the reverter:\n%s", texts)
	}
}

func TestBoostExtend(t *testing.T) {
	tests := []struct {
		name       string
		newEnd     time.Duration // from boostT0; sent at 1h
		wantReject string
		wantEndAt  time.Duration
	}{
		{name: "valid", newEnd: 3 * time.Hour, wantEndAt: 3 * time.Hour},
		{name: "past end", newEnd: 30 * time.Minute, wantReject: "in the past", wantEndAt: 2 * time.Hour},
		{name: "beyond max duration", newEnd: 80 * time.Hour, wantReject: "at most 3d", wantEndAt: 2 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
			var out *boostUpdateOutcome
			h.at(time.Hour, func() { out = h.update(UpdateExtend, ExtendRequest{NewEnd: boostT0.Add(tc.newEnd), Requester: "U3"}) })
			h.at(tc.wantEndAt-time.Minute, func() { h.expectCapacity("just before the end", clients.Provisioned(4)) })
			st := h.run(boostTestRequest(4, 2*time.Hour))
			if out == nil || !out.done {
				t.Fatal("extend got no answer")
			}
			if tc.wantReject == "" {
				if out.rejected != nil || out.err != nil || !out.status.End.Equal(boostT0.Add(tc.newEnd)) {
					t.Errorf("extend: rejected %v err %v end %s", out.rejected, out.err, out.status.End)
				}
			} else {
				var refusal *RefusalError
				if !errors.As(out.rejected, &refusal) && (out.rejected == nil || !strings.Contains(out.rejected.Error(), tc.wantReject)) {
					t.Fatalf("extend rejected with %v, want a refusal containing %q", out.rejected, tc.wantReject)
				}
				if !strings.Contains(out.rejected.Error(), tc.wantReject) {
					t.Errorf("refusal %q lacks %q", out.rejected, tc.wantReject)
				}
			}
			if st.Phase != PhaseDone {
				t.Errorf("phase %s, want done", st.Phase)
			}
			if reverted := h.cloud.setCalls()[1].At.Sub(boostT0); reverted < tc.wantEndAt || reverted > tc.wantEndAt+time.Minute {
				t.Errorf("reverted after %s, want at %s", reverted, tc.wantEndAt)
			}
		})
	}
}

func TestBoostExtendRefusedWhenDone(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	st := h.run(boostTestRequest(4, time.Hour))
	if st.Phase != PhaseDone {
		t.Fatalf("phase %s", st.Phase)
	}
	r := &boostRun{st: st, policy: boostTestPolicy()}
	if err := r.validateRevertNow(nil, RevertRequest{Requester: "U1"}); err == nil || !strings.Contains(err.Error(), "already ended") {
		t.Errorf("revert_now on a done boost: %v", err)
	}
	r.st.Phase = PhaseReverting
	if err := r.validateRevertNow(nil, RevertRequest{Requester: "U1"}); err == nil || !strings.Contains(err.Error(), "already being reverted") {
		t.Errorf("revert_now while reverting: %v", err)
	}
}

func TestBoostRevertNowWhileWaitingCancels(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	req := boostTestRequest(4, 3*time.Hour)
	req.Start = boostT0.Add(time.Hour)
	var out *boostUpdateOutcome
	h.at(10*time.Minute, func() { out = h.update(UpdateRevertNow, RevertRequest{Requester: "U2"}) })
	st := h.run(req)
	if out == nil || out.rejected != nil {
		t.Fatalf("revert_now outcome %+v", out)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls for a boost cancelled before its start", n)
	}
	if st.Phase != PhaseDone || !strings.Contains(st.Message, "before it started") {
		t.Errorf("phase %s message %q", st.Phase, st.Message)
	}
}

func TestBoostExtendRefusedWhileApplying(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.cloud.opDelay = 5 * time.Minute
	var out *boostUpdateOutcome
	h.at(2*time.Minute, func() {
		out = h.update(UpdateExtend, ExtendRequest{NewEnd: boostT0.Add(3 * time.Hour), Requester: "U3"})
	})
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if out == nil || out.rejected == nil || !strings.Contains(out.rejected.Error(), "only a waiting or active boost can be extended") {
		t.Fatalf("extend while applying: %+v", out)
	}
	if !st.End.Equal(boostT0.Add(2 * time.Hour)) {
		t.Errorf("end moved to %s by a refused extend", st.End)
	}
}

func TestBoostExtendGivesAnEndToAnOpenBoost(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	var out *boostUpdateOutcome
	h.at(time.Hour, func() {
		out = h.update(UpdateExtend, ExtendRequest{NewEnd: boostT0.Add(3 * time.Hour), Requester: "U3"})
	})
	st := h.run(boostTestRequest(4, 0))
	if out == nil || out.rejected != nil {
		t.Fatalf("extend: %+v", out)
	}
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	if at := h.cloud.setCalls()[1].At.Sub(boostT0); at < 3*time.Hour || at > 3*time.Hour+time.Minute {
		t.Errorf("reverted after %s, want at 3h", at)
	}
	steps, _, _, _, _ := h.chat.snapshot()
	if texts := boostStepTexts(steps); !strings.Contains(texts, "<@U3> extended the boost of payments.demo42 to 17:00 UTC (was no end time)") {
		t.Errorf("thread lacks the extension:\n%s", texts)
	}
}

func TestBoostCancellationStillReverts(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.at(time.Hour, func() { h.env.CancelWorkflow() })
	st := h.run(boostTestRequest(4, 2*time.Hour))
	h.expectCapacity("after cancellation", clients.OnDemand())
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
}

func TestBoostExtendWhileWaitingCountsFromTheStart(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	req := boostTestRequest(4, 3*time.Hour)
	req.Start = boostT0.Add(2 * time.Hour)
	var tooLong, fine *boostUpdateOutcome
	h.at(time.Hour, func() {
		// 73h after now is 71h after the start: within the 72h limit.
		fine = h.update(UpdateExtend, ExtendRequest{NewEnd: boostT0.Add(73 * time.Hour), Requester: "U3"})
	})
	h.at(90*time.Minute, func() {
		tooLong = h.update(UpdateExtend, ExtendRequest{NewEnd: boostT0.Add(75 * time.Hour), Requester: "U3"})
	})
	h.at(2*time.Hour+time.Minute, func() { h.update(UpdateRevertNow, RevertRequest{Requester: "U1"}) })
	st := h.run(req)
	if fine == nil || fine.rejected != nil {
		t.Errorf("extend to 71h after the start: %+v", fine)
	}
	if tooLong == nil || tooLong.rejected == nil || !strings.Contains(tooLong.rejected.Error(), "would last 3d1h") {
		t.Errorf("extend to 73h after the start: %+v", tooLong)
	}
	if st.Phase != PhaseDone || !st.End.Equal(boostT0.Add(73*time.Hour)) {
		t.Errorf("phase %s end %s", st.Phase, st.End)
	}
}
