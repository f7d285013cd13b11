package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

// ApproveBoostSchedule records the approved schedule and resumes it.
func (f *fakeSchedules) ApproveBoostSchedule(_ context.Context, id string, sb workflows.ScheduledBoost) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if _, ok := f.boosts[id]; !ok {
		return ErrNoSchedule
	}
	f.boosts[id], f.paused[id] = sb, false
	return nil
}

// A recurring boost over the approval rule is created paused and waits for
// one approval, for every run: its creator cannot give it, an approver's
// is recorded on the schedule and resumes it, a denial deletes it.
func TestRecurringBoostNeedsApproval(t *testing.T) {
	const add = "schedule add payments 8 weekdays 09:00-17:00"
	tests := []struct {
		name       string
		who        Caller
		answer     string
		want       string
		wantPaused bool
		wantGone   bool
		approver   string
	}{
		{name: "creator cannot approve", who: boss, answer: "approve", want: "cannot approve it", wantPaused: true},
		{name: "not an approver", who: Caller{UserID: "U8", ChannelID: "C1"}, answer: "approve", want: "not one of the bot's approvers", wantPaused: true},
		{name: "approver approves", who: Caller{UserID: "U7", ChannelID: "C1"}, answer: "approve", want: "Approved the recurring boost", approver: "U7"},
		{name: "approver denies", who: Caller{UserID: "U7", ChannelID: "C1"}, answer: "deny", want: "it was deleted", wantGone: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, s := scheduleFixture(t, func(o *HandlerOptions) {
				o.Policy.ApprovalAboveTRUs, o.Policy.ApprovalTimeout = 6, time.Hour
				o.Auth.WithApprovers([]string{"U1", "U7"}, nil)
			})
			r := f.h.Handle(context.Background(), boss, add)
			if r.Refused || !strings.Contains(r.Text, "needs approval (more than 6 TRUs)") {
				t.Fatalf("created: %+v", r)
			}
			var id string
			for k := range s.boosts {
				id = k
			}
			if !s.paused[id] {
				t.Fatalf("schedule %s not paused while waiting for approval", id)
			}
			r = f.h.Handle(context.Background(), tc.who, tc.answer+" "+id+" fine")
			if !strings.Contains(r.Text, tc.want) {
				t.Fatalf("answer: %+v, want %q", r, tc.want)
			}
			sb, exists := s.boosts[id]
			switch {
			case tc.wantGone && exists:
				t.Errorf("denied schedule %s still exists", id)
			case !tc.wantGone && (s.paused[id] != tc.wantPaused || sb.Approver != tc.approver):
				t.Errorf("schedule paused %v approver %q, want %v %q", s.paused[id], sb.Approver, tc.wantPaused, tc.approver)
			}
		})
	}
}

func TestRecurringBoostWithinTheRulesIsNotHeld(t *testing.T) {
	f, s := scheduleFixture(t, func(o *HandlerOptions) { o.Policy.ApprovalAboveTRUs = 6 })
	r := f.h.Handle(context.Background(), boss, "schedule add payments 4 weekdays 09:00-12:00")
	if r.Refused || strings.Contains(r.Text, "approval") {
		t.Fatalf("reply %+v", r)
	}
	for id := range s.boosts {
		if s.paused[id] {
			t.Errorf("schedule %s paused", id)
		}
	}
}
