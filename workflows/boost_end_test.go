package workflows

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// The final status says when and why a boost really ended, and the last
// root message update carries it.
func TestBoostStatusRecordsHowItEnded(t *testing.T) {
	waiting := boostTestRequest(4, 3*time.Hour)
	waiting.Start = boostT0.Add(time.Hour)
	tests := []struct {
		name     string
		req      BoostRequest
		act      time.Duration // when act runs (0: never)
		do       func(h *boostHarness)
		phase    BoostPhase
		reason   BoostEndReason
		by       string
		endedMin time.Duration // EndedAt at or after boostT0 + endedMin
		endedMax time.Duration // and at or before boostT0 + endedMax
	}{
		{name: "end time reached", req: boostTestRequest(4, 2*time.Hour),
			phase: PhaseDone, reason: EndTimeReached, endedMin: 2 * time.Hour, endedMax: 2*time.Hour + 10*time.Minute},
		{name: "reverted early", req: boostTestRequest(4, 2*time.Hour), act: 40 * time.Minute,
			do:    func(h *boostHarness) { h.update(UpdateRevertNow, RevertRequest{Requester: "U2"}) },
			phase: PhaseDone, reason: EndRevertedEarly, by: "U2", endedMin: 40 * time.Minute, endedMax: time.Hour},
		{name: "cancelled", req: boostTestRequest(4, 2*time.Hour), act: time.Hour,
			do:    func(h *boostHarness) { h.env.CancelWorkflow() },
			phase: PhaseDone, reason: EndCancelled, endedMin: time.Hour, endedMax: time.Hour + 20*time.Minute},
		{name: "called off while waiting", req: waiting, act: 10 * time.Minute,
			do:    func(h *boostHarness) { h.update(UpdateRevertNow, RevertRequest{Requester: "U3"}) },
			phase: PhaseDone, reason: EndCalledOff, by: "U3", endedMin: 10 * time.Minute, endedMax: 11 * time.Minute},
		{name: "refused", req: boostTestRequest(5, 2*time.Hour),
			phase: PhaseRefused, endedMin: 0, endedMax: time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
			if tt.do != nil {
				h.at(tt.act, func() { tt.do(h) })
			}
			st := h.run(tt.req)
			if st.Phase != tt.phase || st.EndReason != tt.reason || st.EndedBy != tt.by {
				t.Errorf("phase %s reason %q by %q, want %s %q %q", st.Phase, st.EndReason, st.EndedBy, tt.phase, tt.reason, tt.by)
			}
			if d := st.EndedAt.Sub(boostT0); st.EndedAt.IsZero() || d < tt.endedMin || d > tt.endedMax {
				t.Errorf("ended %s after the start (zero %v), want between %s and %s", d, st.EndedAt.IsZero(), tt.endedMin, tt.endedMax)
			}
			_, _, updates, _, _ := h.chat.snapshot()
			if len(updates) == 0 || !updates[len(updates)-1].EndedAt.Equal(st.EndedAt) || updates[len(updates)-1].EndReason != tt.reason {
				t.Errorf("the last root update does not carry the end: %+v", updates)
			}
		})
	}
}
