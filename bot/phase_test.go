package bot

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestPhaseWords(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	req := workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4, End: t0.Add(2 * time.Hour)}
	st := func(p workflows.BoostPhase, edit func(*workflows.BoostStatus)) workflows.BoostStatus {
		s := workflows.BoostStatus{Request: req, Phase: p, Before: clients.OnDemand(), End: t0.Add(2 * time.Hour)}
		if edit != nil {
			edit(&s)
		}
		return s
	}
	tests := []struct {
		name string
		st   workflows.BoostStatus
		want string
	}{
		{"planned", st(workflows.PhasePlanned, nil), "planned"},
		{"waiting with a start", st(workflows.PhaseWaiting, func(s *workflows.BoostStatus) { s.Request.Start = t0.Add(time.Hour) }),
			"waiting to start at Thu 26 Nov 19:00 UTC"},
		{"waiting without a start", st(workflows.PhaseWaiting, nil), "waiting to start"},
		{"applying", st(workflows.PhaseApplying, nil), "applying"},
		{"active", st(workflows.PhaseActive, nil), "active until Thu 26 Nov 20:00 UTC"},
		// Slack ignored the requested end before the status had one; the
		// console did not. Both now fall back to it.
		{"active, end only requested", st(workflows.PhaseActive, func(s *workflows.BoostStatus) { s.End = time.Time{} }),
			"active until Thu 26 Nov 20:00 UTC"},
		{"active, no end", st(workflows.PhaseActive, func(s *workflows.BoostStatus) { s.End, s.Request.End = time.Time{}, time.Time{} }),
			"active (no automatic revert)"},
		{"reverting", st(workflows.PhaseReverting, nil), "reverting to on-demand"},
		{"reverting, before unknown", st(workflows.PhaseReverting, func(s *workflows.BoostStatus) { s.Before = clients.Capacity{} }), "reverting"},
		{"done, reverted", st(workflows.PhaseDone, func(s *workflows.BoostStatus) { s.Reverted = true }), "done, back to on-demand"},
		{"done, not reverted", st(workflows.PhaseDone, nil), "done"},
		{"called off before the start", st(workflows.PhaseDone, func(s *workflows.BoostStatus) { s.EndReason = workflows.EndCalledOff }), "called off"},
		{"cancelled before the start", st(workflows.PhaseDone, func(s *workflows.BoostStatus) { s.EndReason = workflows.EndCancelled }), "called off"},
		{"awaiting a decision", st(workflows.PhaseDeciding, func(s *workflows.BoostStatus) {
			s.ExternalChange = &workflows.ExternalChange{Found: clients.Provisioned(6)}
		}), "awaiting a decision: capacity changed outside the bot to 6 TRUs"},
		{"done, left as is", st(workflows.PhaseDone, func(s *workflows.BoostStatus) {
			s.EndReason, s.ExternalChange = workflows.EndLeftAsIs, &workflows.ExternalChange{Found: clients.Provisioned(6)}
		}), "done, left at 6 TRUs"},
		{"failed", st(workflows.PhaseFailed, func(s *workflows.BoostStatus) { s.Error = "boom" }), "failed"},
		{"refused", st(workflows.PhaseRefused, nil), "refused"},
		{"no phase", st("", nil), "unknown"},
	}
	for _, tc := range tests {
		if got := PhaseWords(tc.st); got != tc.want {
			t.Errorf("%s: PhaseWords = %q, want %q", tc.name, got, tc.want)
		}
	}
}
