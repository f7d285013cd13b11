package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// A boost of payments to 4 TRUs from on-demand, ending at 2h; at 1h someone
// sets it to 6 TRUs outside the bot. The revert must not overwrite that
// blindly: it asks, and does what is decided (leaving it when nobody does).
func TestBoostExternalChangeBeforeRevert(t *testing.T) {
	outside := clients.Provisioned(6)
	tests := []struct {
		name       string
		timeout    time.Duration
		decide     ExternalDecision // sent at 2h10m by U2; "" sends nothing
		wantAsk    bool
		wantEnd    BoostEndReason
		wantBy     string
		wantCap    clients.Capacity
		wantSets   int // SetCapacity calls: the boost, and a revert if any
		wantTimed  bool
		wantEndsAt time.Duration
		wantText   string // in the last step
	}{
		{name: "revert anyway", timeout: time.Hour, decide: DecisionRevertAnyway, wantAsk: true,
			wantEnd: EndRevertedAnyway, wantBy: "U2", wantCap: clients.OnDemand(), wantSets: 2,
			wantEndsAt: 2*time.Hour + 10*time.Minute, wantText: "is back to on-demand"},
		{name: "leave as is", timeout: time.Hour, decide: DecisionLeaveAsIs, wantAsk: true,
			wantEnd: EndLeftAsIs, wantBy: "U2", wantCap: outside, wantSets: 1,
			wantEndsAt: 2*time.Hour + 10*time.Minute, wantText: "<@U2> chose to leave it as is"},
		{name: "no decision in time", timeout: time.Hour, wantAsk: true,
			wantEnd: EndLeftAsIs, wantCap: outside, wantSets: 1, wantTimed: true,
			wantEndsAt: 3 * time.Hour, wantText: "no decision came within 1h"},
		{name: "zero timeout leaves at once", timeout: 0,
			wantEnd: EndLeftAsIs, wantCap: outside, wantSets: 1, wantTimed: true,
			wantEndsAt: 2 * time.Hour, wantText: "left as they are without asking"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := boostTestPolicy()
			p.ExternalChangeTimeout = tc.timeout
			h := newBoostHarness(t, clients.OnDemand(), p)
			h.at(time.Hour, func() { h.cloud.setOutside(boostNS, outside) })
			var out *boostUpdateOutcome
			h.at(2*time.Hour+5*time.Minute, func() {
				h.expectCapacity("while deciding", outside)
				if tc.wantAsk {
					if st := h.status(); st.Phase != PhaseDeciding || st.ExternalChange == nil || !st.ExternalChange.Found.Equal(outside) {
						t.Errorf("while deciding: phase %s, outside change %+v", st.Phase, st.ExternalChange)
					}
				}
			})
			if tc.decide != "" {
				h.at(2*time.Hour+10*time.Minute, func() {
					out = h.update(UpdateExternalChange, ExternalChangeRequest{Decision: tc.decide, Requester: "U2"})
				})
			}
			st := h.run(boostTestRequest(4, 2*time.Hour))

			if tc.decide != "" && (out == nil || !out.done || out.rejected != nil || out.err != nil) {
				t.Fatalf("decision outcome %+v", out)
			}
			if st.Phase != PhaseDone || st.EndReason != tc.wantEnd || st.EndedBy != tc.wantBy {
				t.Errorf("final: phase %s, end %s by %q; want done, %s by %q", st.Phase, st.EndReason, st.EndedBy, tc.wantEnd, tc.wantBy)
			}
			if x := st.ExternalChange; x == nil || !x.Found.Equal(outside) || x.TimedOut != tc.wantTimed || x.DecidedBy != tc.wantBy {
				t.Errorf("final outside change %+v", x)
			}
			if got := st.EndedAt.Sub(boostT0); got < tc.wantEndsAt || got > tc.wantEndsAt+time.Minute {
				t.Errorf("ended after %s, want within a minute (a revert's polls) of %s", got, tc.wantEndsAt)
			}
			h.expectCapacity("at the end", tc.wantCap)
			if sets := h.cloud.setCalls(); len(sets) != tc.wantSets {
				t.Errorf("%d SetCapacity calls, want %d: %+v", len(sets), tc.wantSets, sets)
			}

			steps, alerts, _, _, _ := h.chat.snapshot()
			var asked []Step
			for _, s := range steps {
				if s.ExternalChange != nil {
					asked = append(asked, s)
				}
			}
			if len(asked) != 1 || asked[0].Phase != PhaseDeciding || asked[0].ExternalChange.AsksDecision() != tc.wantAsk ||
				!strings.Contains(asked[0].Text, "changed outside the bot") || !strings.Contains(asked[0].Text, "6 TRUs") {
				t.Errorf("steps asking about the outside change: %+v\n%s", asked, boostStepTexts(steps))
			}
			if len(alerts) != 1 || alerts[0].ExternalChange == nil || alerts[0].ExternalChange.AsksDecision() != tc.wantAsk ||
				alerts[0].Severity != SeverityWarning {
				t.Errorf("alerts %+v, want one warning about the outside change", alerts)
			}
			if last := steps[len(steps)-1]; !strings.Contains(last.Text, tc.wantText) {
				t.Errorf("last step %q lacks %q", last.Text, tc.wantText)
			}
		})
	}
}

// A capacity already put back by hand, or untouched, is reverted (or left)
// without asking anyone.
func TestBoostNoExternalChangeNoQuestion(t *testing.T) {
	tests := []struct {
		name    string
		outside *clients.Capacity
	}{
		{name: "untouched"},
		{name: "already back to before", outside: &clients.Capacity{Mode: clients.ModeOnDemand}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := boostTestPolicy()
			p.ExternalChangeTimeout = time.Hour
			h := newBoostHarness(t, clients.OnDemand(), p)
			if tc.outside != nil {
				h.at(time.Hour, func() { h.cloud.setOutside(boostNS, *tc.outside) })
			}
			st := h.run(boostTestRequest(4, 2*time.Hour))
			if st.Phase != PhaseDone || st.EndReason != EndTimeReached || st.ExternalChange != nil || !st.Reverted {
				t.Errorf("final %s %s reverted %v outside %+v", st.Phase, st.EndReason, st.Reverted, st.ExternalChange)
			}
			h.expectCapacity("at the end", clients.OnDemand())
			_, alerts, _, _, _ := h.chat.snapshot()
			if len(alerts) != 0 {
				t.Errorf("alerts %+v, want none", alerts)
			}
		})
	}
}

// Decisions are refused when no decision is asked for, after one was made,
// or when they are not a decision; revert_now is refused while deciding.
func TestBoostExternalChangeUpdatesValidated(t *testing.T) {
	p := boostTestPolicy()
	p.ExternalChangeTimeout = time.Hour
	h := newBoostHarness(t, clients.OnDemand(), p)
	h.at(time.Hour, func() { h.cloud.setOutside(boostNS, clients.Provisioned(6)) })
	var whileActive, bogus, revertNow, first, second *boostUpdateOutcome
	h.at(90*time.Minute, func() {
		whileActive = h.update(UpdateExternalChange, ExternalChangeRequest{Decision: DecisionRevertAnyway, Requester: "U2"})
	})
	h.at(2*time.Hour+time.Minute, func() {
		bogus = h.update(UpdateExternalChange, ExternalChangeRequest{Decision: "maybe", Requester: "U2"})
		revertNow = h.update(UpdateRevertNow, RevertRequest{Requester: "U2"})
	})
	h.at(2*time.Hour+2*time.Minute, func() {
		first = h.update(UpdateExternalChange, ExternalChangeRequest{Decision: DecisionLeaveAsIs, Requester: "U3"})
		second = h.update(UpdateExternalChange, ExternalChangeRequest{Decision: DecisionRevertAnyway, Requester: "U2"})
	})
	st := h.run(boostTestRequest(4, 2*time.Hour))
	for _, c := range []struct {
		name string
		out  *boostUpdateOutcome
		want string
	}{
		{"decision while active", whileActive, "not waiting for a decision"},
		{"not a decision", bogus, "is not a decision"},
		{"revert_now while deciding", revertNow, "waiting for a decision"},
		{"second decision", second, "already been decided"},
	} {
		if c.out == nil || c.out.rejected == nil || !strings.Contains(c.out.rejected.Error(), c.want) {
			t.Errorf("%s: outcome %+v, want refused with %q", c.name, c.out, c.want)
		}
	}
	if first == nil || first.rejected != nil || first.err != nil {
		t.Errorf("first decision: %+v", first)
	}
	if st.EndReason != EndLeftAsIs || st.EndedBy != "U3" {
		t.Errorf("final end %s by %q, want left as is by U3", st.EndReason, st.EndedBy)
	}
	h.expectCapacity("at the end", clients.Provisioned(6))
}
