package bot

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestEndWordsLastedOutcome(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	base := workflows.BoostStatus{Phase: workflows.PhaseDone, Before: clients.OnDemand(), Target: clients.Provisioned(4),
		StartedAt: t0, EndedAt: t0.Add(40 * time.Minute), Reverted: true}
	with := func(edit func(*workflows.BoostStatus)) workflows.BoostStatus {
		s := base
		edit(&s)
		return s
	}
	tests := []struct {
		name                 string
		st                   workflows.BoostStatus
		why, lasted, outcome string
	}{
		{"end reached", with(func(s *workflows.BoostStatus) { s.EndReason = workflows.EndTimeReached }),
			"end time reached", "40m", "back to on-demand (verified)"},
		{"reverted early", with(func(s *workflows.BoostStatus) { s.EndReason, s.EndedBy = workflows.EndRevertedEarly, "U2" }),
			"reverted early by <@U2>", "40m", "back to on-demand (verified)"},
		{"cancelled", with(func(s *workflows.BoostStatus) { s.EndReason = workflows.EndCancelled }),
			"cancelled (its workflow was cancelled in Temporal)", "40m", "back to on-demand (verified)"},
		{"called off", with(func(s *workflows.BoostStatus) {
			s.EndReason, s.EndedBy, s.StartedAt, s.Reverted = workflows.EndCalledOff, "U3", time.Time{}, false
		}), "called off before it started by <@U3>", "", "nothing was changed"},
		{"dry run", with(func(s *workflows.BoostStatus) { s.DryRun, s.StartedAt, s.Reverted = true, time.Time{}, false }),
			"", "", "nothing was changed (dry run)"},
		{"failed", with(func(s *workflows.BoostStatus) {
			s.Phase, s.Observed, s.Reverted = workflows.PhaseFailed, clients.Provisioned(4), false
		}),
			"", "40m", "left at 4 TRUs (last seen)"},
		{"refused", with(func(s *workflows.BoostStatus) {
			s.Phase, s.StartedAt, s.Reverted = workflows.PhaseRefused, time.Time{}, false
		}),
			"", "", "nothing was changed"},
		{"old status: no end recorded", with(func(s *workflows.BoostStatus) { s.EndedAt = time.Time{} }),
			"", "", "back to on-demand (verified)"},
		{"reverted anyway over an outside change", with(func(s *workflows.BoostStatus) {
			s.EndReason, s.EndedBy = workflows.EndRevertedAnyway, "U2"
			s.ExternalChange = &workflows.ExternalChange{Found: clients.Provisioned(6), Decision: workflows.DecisionRevertAnyway, DecidedBy: "U2"}
		}), "reverted anyway by <@U2>", "40m", "back to on-demand (verified)"},
		{"left as is by a person", with(func(s *workflows.BoostStatus) {
			s.EndReason, s.EndedBy, s.Reverted = workflows.EndLeftAsIs, "U2", false
			s.ExternalChange = &workflows.ExternalChange{Found: clients.Provisioned(6), DetectedAt: t0, DecideBy: t0.Add(time.Hour),
				Decision: workflows.DecisionLeaveAsIs, DecidedBy: "U2"}
		}), "left as is: capacity changed outside the bot to 6 TRUs (chosen by <@U2>)", "40m", "left at 6 TRUs (changed outside the bot)"},
		{"left as is: no decision in time", with(func(s *workflows.BoostStatus) {
			s.EndReason, s.Reverted = workflows.EndLeftAsIs, false
			s.ExternalChange = &workflows.ExternalChange{Found: clients.Provisioned(6), DetectedAt: t0, DecideBy: t0.Add(time.Hour),
				Decision: workflows.DecisionLeaveAsIs, TimedOut: true}
		}), "left as is: capacity changed outside the bot to 6 TRUs (no decision within 1h)", "40m", "left at 6 TRUs (changed outside the bot)"},
		{"left as is without asking", with(func(s *workflows.BoostStatus) {
			s.EndReason, s.Reverted = workflows.EndLeftAsIs, false
			s.ExternalChange = &workflows.ExternalChange{Found: clients.Provisioned(6), DetectedAt: t0, DecideBy: t0,
				Decision: workflows.DecisionLeaveAsIs, TimedOut: true}
		}), "left as is: capacity changed outside the bot to 6 TRUs (left without asking)", "40m", "left at 6 TRUs (changed outside the bot)"},
		{"running", with(func(s *workflows.BoostStatus) {
			s.Phase, s.EndedAt, s.Reverted = workflows.PhaseActive, time.Time{}, false
		}),
			"", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := EndWords(tc.st); got != tc.why {
				t.Errorf("EndWords = %q, want %q", got, tc.why)
			}
			if got := Lasted(tc.st); got != tc.lasted {
				t.Errorf("Lasted = %q, want %q", got, tc.lasted)
			}
			if got := Outcome(tc.st); got != tc.outcome {
				t.Errorf("Outcome = %q, want %q", got, tc.outcome)
			}
		})
	}
}
