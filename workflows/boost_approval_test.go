package workflows

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// fakeApprovers is the approver list, changeable while a boost waits.
type fakeApprovers struct {
	mu      sync.Mutex
	allowed map[string]bool
}

func (f *fakeApprovers) CanApprove(_ context.Context, userID string) (bool, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.allowed[userID] {
		return true, ""
	}
	return false, "not an approver"
}

func (f *fakeApprovers) remove(userID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.allowed, userID)
}

func approvalTestPolicy() Policy {
	p := boostTestPolicy()
	p.ApprovalAboveTRUs, p.ApprovalLongerThan, p.ApprovalTimeout = 6, 3*time.Hour, time.Hour
	return p
}

// newApprovalHarness is a boost harness whose only approver is U2 (U1
// requests).
func newApprovalHarness(t *testing.T) (*boostHarness, *fakeApprovers) {
	h := newBoostHarness(t, clients.OnDemand(), approvalTestPolicy())
	a := &fakeApprovers{allowed: map[string]bool{"U2": true}}
	h.acts.Approvers = a
	return h, a
}

// bigBoost is an 8-TRU boost "for 2h", over APPROVAL_ABOVE_TRUS.
func bigBoost() BoostRequest {
	req := boostTestRequest(8, 2*time.Hour)
	req.Length = 2 * time.Hour
	return req
}

// bigBoostAt is an 8-TRU boost from start until end (from boostT0), given
// as times.
func bigBoostAt(start, end time.Duration) BoostRequest {
	req := boostTestRequest(8, end)
	req.Start = boostT0.Add(start)
	return req
}

func TestBoostApproval(t *testing.T) {
	type click struct {
		at       time.Duration
		update   string
		approver string
	}
	tests := []struct {
		name   string
		clicks []click
		remove time.Duration // U2 leaves the approvers at this time (0: never)
		// wantRefused are the clicks refused (validator or handler), by index.
		wantRefused  map[int]string
		wantDecision ApprovalDecision
		wantBy       string
		wantEnd      BoostEndReason
		// wantSets are when capacity was set (from boostT0); none: unchanged.
		wantSets []time.Duration
		req      BoostRequest // zero: bigBoost()
	}{
		{name: "granted", clicks: []click{{30 * time.Minute, UpdateApprove, "U2"}},
			wantDecision: ApprovalGranted, wantBy: "U2", wantEnd: EndTimeReached,
			// the 2h count from the approval, at 30m
			wantSets: []time.Duration{30 * time.Minute, 150 * time.Minute}},
		{name: "end time stays, past start becomes now", req: bigBoostAt(10*time.Minute, 2*time.Hour),
			clicks:       []click{{30 * time.Minute, UpdateApprove, "U2"}},
			wantDecision: ApprovalGranted, wantBy: "U2", wantEnd: EndTimeReached,
			wantSets: []time.Duration{30 * time.Minute, 2 * time.Hour}},
		{name: "denied", clicks: []click{{30 * time.Minute, UpdateDeny, "U2"}},
			wantDecision: ApprovalDenied, wantBy: "U2", wantEnd: EndDenied},
		{name: "expired", wantDecision: ApprovalExpired, wantEnd: EndExpired},
		{name: "self-approval refused", clicks: []click{{10 * time.Minute, UpdateApprove, "U1"}, {20 * time.Minute, UpdateApprove, "U2"}},
			wantRefused:  map[int]string{0: "cannot approve it"},
			wantDecision: ApprovalGranted, wantBy: "U2", wantEnd: EndTimeReached,
			wantSets: []time.Duration{20 * time.Minute, 140 * time.Minute}},
		{name: "not an approver", clicks: []click{{10 * time.Minute, UpdateApprove, "U3"}},
			wantRefused:  map[int]string{0: "may not approve"},
			wantDecision: ApprovalExpired, wantEnd: EndExpired},
		{name: "approver removed before clicking", remove: 5 * time.Minute, clicks: []click{{10 * time.Minute, UpdateApprove, "U2"}},
			wantRefused:  map[int]string{0: "may not approve"},
			wantDecision: ApprovalExpired, wantEnd: EndExpired},
		{name: "second answer refused", clicks: []click{{10 * time.Minute, UpdateApprove, "U2"}, {11 * time.Minute, UpdateDeny, "U2"}},
			wantRefused:  map[int]string{1: "not waiting for approval"},
			wantDecision: ApprovalGranted, wantBy: "U2", wantEnd: EndTimeReached,
			wantSets: []time.Duration{10 * time.Minute, 130 * time.Minute}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, approvers := newApprovalHarness(t)
			if tc.remove > 0 {
				h.at(tc.remove, func() { approvers.remove("U2") })
			}
			outs := make([]*boostUpdateOutcome, len(tc.clicks))
			for i, c := range tc.clicks {
				h.at(c.at, func() {
					if i == 0 {
						h.expectCapacity("while waiting for approval", clients.OnDemand())
						if st := h.status(); st.Phase != PhaseAwaitingApproval || !st.Approval.Pending() {
							t.Errorf("status while waiting: phase %s approval %+v", st.Phase, st.Approval)
						}
					}
					outs[i] = h.update(c.update, ApprovalRequest{Approver: c.approver, Note: "looks right"})
				})
			}
			req := tc.req
			if req.Namespace == "" {
				req = bigBoost()
			}
			st := h.run(req)
			for i, out := range outs {
				want, refused := tc.wantRefused[i]
				if out == nil || (!out.done && !refused) {
					t.Fatalf("click %d got no answer", i)
				}
				got := out.rejected
				if got == nil {
					got = out.err
				}
				switch {
				case refused && got == nil:
					t.Errorf("click %d accepted, want refused (%q)", i, want)
				case refused && !strings.Contains(got.Error(), want):
					t.Errorf("click %d refused with %q, want %q", i, got, want)
				case !refused && got != nil:
					t.Errorf("click %d refused: %v", i, got)
				}
			}
			if st.Phase != PhaseDone || st.EndReason != tc.wantEnd {
				t.Errorf("phase %s end %q, want done, %q", st.Phase, st.EndReason, tc.wantEnd)
			}
			if st.Approval == nil || st.Approval.Decision != tc.wantDecision || st.Approval.DecidedBy != tc.wantBy || st.Approval.Requester != "U1" {
				t.Fatalf("approval %+v, want %s by %q", st.Approval, tc.wantDecision, tc.wantBy)
			}
			var sets []time.Duration
			for _, s := range h.cloud.setCalls() {
				sets = append(sets, s.At.Sub(boostT0).Truncate(time.Minute))
			}
			if len(sets) != len(tc.wantSets) {
				t.Fatalf("capacity set at %v, want %v", sets, tc.wantSets)
			}
			for i := range sets {
				if d := sets[i] - tc.wantSets[i]; d < 0 || d > time.Minute {
					t.Errorf("set %d at %s, want %s", i, sets[i], tc.wantSets[i])
				}
			}
			steps, alerts, _, _, _ := h.chat.snapshot()
			if !hasApprovalCard(steps) {
				t.Errorf("no approval card in the thread:\n%s", boostStepTexts(steps))
			}
			if len(alerts) == 0 || !alerts[0].Approval.Pending() {
				t.Errorf("no approval card in the alerts channel: %+v", alerts)
			}
		})
	}
}

func hasApprovalCard(steps []Step) bool {
	for _, s := range steps {
		if s.Approval.Pending() && s.Phase == PhaseAwaitingApproval && strings.Contains(s.Text, "One approver is enough") {
			return true
		}
	}
	return false
}

func TestBoostBelowApprovalRulesStartsAtOnce(t *testing.T) {
	h, _ := newApprovalHarness(t)
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Approval != nil || st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("approval %+v phase %s reverted %v", st.Approval, st.Phase, st.Reverted)
	}
	if sets := h.cloud.setCalls(); len(sets) != 2 || !sets[0].At.Equal(boostT0) {
		t.Errorf("sets %+v, want at once and at the end", sets)
	}
}

func TestBoostRequestedAlwaysNeedsApproval(t *testing.T) {
	h, _ := newApprovalHarness(t)
	req := boostTestRequest(2, time.Hour)
	req.NeedsApproval = true
	st := h.run(req)
	if st.EndReason != EndExpired || len(h.cloud.setCalls()) != 0 {
		t.Errorf("end %q sets %d, want expired with no change", st.EndReason, len(h.cloud.setCalls()))
	}
}

func TestBoostExtendPastApprovalLength(t *testing.T) {
	tests := []struct {
		name      string
		answer    string // "" : none
		wantEndAt time.Duration
	}{
		{name: "approved", answer: UpdateApprove, wantEndAt: 5 * time.Hour},
		{name: "denied", answer: UpdateDeny, wantEndAt: 2 * time.Hour},
		{name: "expired", wantEndAt: 2 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newApprovalHarness(t)
			var ext, ans *boostUpdateOutcome
			h.at(time.Hour, func() {
				ext = h.update(UpdateExtend, ExtendRequest{NewEnd: boostT0.Add(5 * time.Hour), Requester: "U1"})
			})
			h.at(70*time.Minute, func() {
				if st := h.status(); !st.Approval.Pending() || !st.End.Equal(boostT0.Add(2*time.Hour)) {
					t.Errorf("while the extension waits: approval %+v end %s", st.Approval, st.End)
				}
				if tc.answer != "" {
					ans = h.update(tc.answer, ApprovalRequest{Approver: "U2"})
				}
			})
			st := h.run(boostTestRequest(4, 2*time.Hour))
			if ext == nil || ext.rejected != nil || ext.err != nil {
				t.Fatalf("extend: %+v", ext)
			}
			if tc.answer != "" && (ans == nil || ans.rejected != nil || ans.err != nil) {
				t.Fatalf("answer: %+v", ans)
			}
			sets := h.cloud.setCalls()
			if len(sets) != 2 {
				t.Fatalf("sets %+v", sets)
			}
			if got := sets[1].At.Sub(boostT0); got < tc.wantEndAt || got > tc.wantEndAt+time.Minute {
				t.Errorf("reverted after %s, want %s", got, tc.wantEndAt)
			}
			if st.Phase != PhaseDone || !st.Reverted {
				t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
			}
		})
	}
}

func TestBoostRevertNeedsNoApproval(t *testing.T) {
	h, _ := newApprovalHarness(t)
	var approve, revert *boostUpdateOutcome
	h.at(10*time.Minute, func() { approve = h.update(UpdateApprove, ApprovalRequest{Approver: "U2"}) })
	h.at(time.Hour, func() { revert = h.update(UpdateRevertNow, RevertRequest{Requester: "U1"}) })
	st := h.run(bigBoost())
	if approve == nil || approve.err != nil || revert == nil || revert.rejected != nil || revert.err != nil {
		t.Fatalf("approve %+v revert %+v", approve, revert)
	}
	if st.EndReason != EndRevertedEarly || !st.Reverted {
		t.Errorf("end %q reverted %v", st.EndReason, st.Reverted)
	}
	if sets := h.cloud.setCalls(); len(sets) != 2 || sets[1].At.Sub(boostT0) > time.Hour+time.Minute {
		t.Errorf("sets %+v, want the revert at once at 1h", sets)
	}
}

func TestBoostCalledOffWhileAwaitingApproval(t *testing.T) {
	h, _ := newApprovalHarness(t)
	var revert *boostUpdateOutcome
	h.at(10*time.Minute, func() { revert = h.update(UpdateRevertNow, RevertRequest{Requester: "U1"}) })
	st := h.run(bigBoost())
	if revert == nil || revert.rejected != nil {
		t.Fatalf("revert %+v", revert)
	}
	if st.EndReason != EndCalledOff || len(h.cloud.setCalls()) != 0 {
		t.Errorf("end %q sets %d", st.EndReason, len(h.cloud.setCalls()))
	}
}

func TestApprovalWhy(t *testing.T) {
	p := approvalTestPolicy()
	tests := []struct {
		name      string
		trus      float64
		length    time.Duration
		requested bool
		want      string
	}{
		{"small and short", 4, time.Hour, false, ""},
		{"at the size limit", 6, time.Hour, false, ""},
		{"above the size limit", 7, time.Hour, false, "more than 6 TRUs"},
		{"longer", 4, 4 * time.Hour, false, "longer than 3h"},
		{"no end", 4, 0, false, "no end time"},
		{"permanent small", 4, -1, false, ""},
		{"requested", 1, time.Hour, true, "requested by someone"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := p.ApprovalWhy(tc.trus, tc.length, tc.requested)
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("ApprovalWhy = %q, want %q", got, tc.want)
			}
		})
	}
	if got := (Policy{}).ApprovalWhy(100, 0, false); got != "" {
		t.Errorf("no rules: %q", got)
	}
}

// A scheduled run of a schedule approved at its creation re-checks its
// approver, not its creator (who may not boost on their own), and boosts
// without asking again; an approver since removed stops the run.
func TestScheduledBoostRechecksApprover(t *testing.T) {
	sb := ScheduledBoost{Namespace: boostNS, TRUs: 8, Days: []time.Weekday{1}, Start: "09:00", End: "10:00",
		TimeZone: "UTC", Requester: "U1", Channel: "C1", Approver: "U2"}
	tests := []struct {
		name      string
		approvers map[string]bool
		wantBoost bool
	}{
		{"approver still allowed", map[string]bool{"U2": true}, true},
		{"approver removed", map[string]bool{"U3": true}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var suite testsuite.WorkflowTestSuite
			suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.DPanicLevel))))
			env := suite.NewTestWorkflowEnvironment()
			env.SetStartTime(utc("2026-03-09T09:00:00Z"))
			env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: capacity.ScheduledBoostRunID(ScheduleBoostID(sb)) + "-appr"})
			cloud := newBoostFakeCloud(boostNS, clients.OnDemand())
			cloud.now = env.Now
			chat := &boostFakeNotifier{}
			perms := &fakePermissions{reason: "not a booster"} // U1, the creator, may not boost
			acts := &Activities{Cloud: cloud, Notifier: chat, Policy: approvalTestPolicy(), Permissions: perms,
				Approvers: &fakeApprovers{allowed: tc.approvers}}
			Register(env, acts)
			env.ExecuteWorkflow(ScheduledBoostWorkflowName, sb)
			if err := env.GetWorkflowError(); err != nil {
				t.Fatalf("workflow error: %v", err)
			}
			var st BoostStatus
			if err := env.GetWorkflowResult(&st); err != nil {
				t.Fatal(err)
			}
			sets := len(cloud.setCalls())
			if asked := perms.askedAbout(); len(asked) != 0 {
				t.Errorf("the creator's right to boost was checked (%v); the approver's should be", asked)
			}
			if !tc.wantBoost {
				_, alerts, _, _, _ := chat.snapshot()
				if st.Phase != PhaseRefused || sets != 0 || len(alerts) != 1 || !strings.Contains(alerts[0].Text, "may no longer approve") {
					t.Errorf("phase %s, %d sets, alerts %+v; want refused, none, one alert", st.Phase, sets, alerts)
				}
				return
			}
			if st.Phase != PhaseDone || sets != 2 || st.Approval == nil || st.Approval.DecidedBy != "U2" || st.Approval.Decision != ApprovalGranted {
				t.Errorf("phase %s, %d sets, approval %+v; want done without waiting, approved by U2", st.Phase, sets, st.Approval)
			}
		})
	}
}
