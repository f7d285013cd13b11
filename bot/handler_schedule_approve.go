package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/workflows"
)

// holdForApproval pauses a just-created recurring boost until an approver
// approves it (approval happens once, for every run), and says so. A run
// that fires before the pause asks for approval in its own thread, as any
// boost needing one does, so nothing is boosted unapproved.
func (h *Handler) holdForApproval(ctx context.Context, id, why string) (string, error) {
	note := "awaiting approval (" + why + ")"
	if err := h.o.Schedules.PauseSchedule(ctx, id, note); err != nil {
		return "", fmt.Errorf("pausing %s until it is approved: %w", id, err)
	}
	return fmt.Sprintf("\nIt needs approval (%s), once for every run: it is paused until one of the bot's approvers runs `/capacity approve %s` (or `/capacity deny %s`, which deletes it).",
		why, id, id), nil
}

// answerSchedule approves or denies a recurring boost held for approval.
// The approver is checked here, at the time of the command (the schedule
// has no workflow running to ask): an approver, and not its creator for an
// approval. Approved, it records the approver on the schedule and resumes
// it; denied, it deletes it.
func (h *Handler) answerSchedule(ctx context.Context, c Caller, id string, d workflows.ApprovalDecision, _ string) result {
	if h.o.Schedules == nil {
		return refused(outcomeRefused, "Schedules are not available: this bot has no schedule engine.")
	}
	if dn := h.o.Auth.ApproveDenial(ctx, c.UserID); dn != nil {
		return denied(dn)
	}
	list, err := h.o.Schedules.ListSchedules(ctx)
	if err != nil {
		return failed("Could not list the schedules; please try again shortly.", fmt.Errorf("listing schedules: %w", err))
	}
	var sb *workflows.ScheduledBoost
	for _, s := range list {
		if s.ID == id && s.Boost != nil && s.Paused {
			sb = s.Boost
		}
	}
	if sb == nil {
		return refused(outcomeRefused, fmt.Sprintf("No recurring boost `%s` is waiting for approval; see `/capacity schedule list`.", id))
	}
	if d == workflows.ApprovalDenied {
		if err := h.o.Schedules.DeleteSchedule(ctx, id); err != nil && !errors.Is(err, ErrNoSchedule) {
			return failed("Could not delete the schedule; please try again shortly.", fmt.Errorf("deleting denied schedule %s: %w", id, err))
		}
		return result{reply: Reply{Text: fmt.Sprintf("Denied the recurring boost `%s`: it was deleted, nothing runs.", id), InChannel: true},
			outcome: outcomeOK, namespace: sb.Namespace}
	}
	if c.UserID == sb.Requester {
		return refused(outcomeRefused, "You created this schedule, so you cannot approve it: another approver must.")
	}
	approver, ok := h.o.Schedules.(ScheduleApprover)
	if !ok {
		return refused(outcomeRefused, "Approving schedules is not available with this bot's schedule engine.")
	}
	approved := *sb
	approved.Approver = c.UserID
	if err := approver.ApproveBoostSchedule(ctx, id, approved); err != nil {
		return failed("Could not approve the schedule; please try again shortly.", fmt.Errorf("approving schedule %s: %w", id, err))
	}
	return result{reply: Reply{Text: fmt.Sprintf("Approved the recurring boost `%s` for every run: %s to %s %s. Each run checks that you may still approve.",
		id, sb.Namespace, capacity.FormatTRUs(sb.TRUs), capacity.DaysString(sb.Days)), InChannel: true}, outcome: outcomeOK, namespace: sb.Namespace}
}
