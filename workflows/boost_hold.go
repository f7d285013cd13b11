package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// waitForStart waits on a durable timer until the requested start, still
// answering queries and updates. waited says whether there was a wait; goOn
// is false when the boost was called off (revert_now) before it started.
func (r *boostRun) waitForStart(ctx workflow.Context, plan string) (waited, goOn bool) {
	start := r.st.Request.Start
	if now := workflow.Now(ctx); start.After(now) && !r.revertRequested {
		waited = true
		r.report(ctx, PhaseWaiting, SeverityInfo, fmt.Sprintf("Scheduled for %s: will %s.", humanize.Time(start, now), plan))
		for !r.revertRequested && workflow.Now(ctx).Before(start) {
			if _, err := workflow.AwaitWithTimeout(ctx, start.Sub(workflow.Now(ctx)), func() bool { return r.revertRequested }); err != nil {
				break
			}
		}
	}
	return waited, !r.revertRequested
}

// hold keeps the boost until its end time (recomputed whenever extend moves
// it) or a revert request, reminding the thread shortly before the end.
// With no end time it holds until revert_now.
func (r *boostRun) hold(ctx workflow.Context) {
	for !r.revertRequested {
		now, end, version := workflow.Now(ctx), r.st.End, r.endVersion
		woken := func() bool { return r.revertRequested || r.endVersion != version }
		if end.IsZero() {
			if err := workflow.Await(ctx, woken); err != nil {
				return
			}
			continue
		}
		if !now.Before(end) {
			return
		}
		if r.shouldRemind(now) {
			remindAt := end.Add(-r.policy.RemindBefore)
			woke, err := workflow.AwaitWithTimeout(ctx, remindAt.Sub(now), woken)
			if err != nil {
				return
			}
			if !woke {
				r.remindedFor = end
				r.report(ctx, PhaseActive, SeverityInfo, fmt.Sprintf("Reminder: %s goes back to %s at %s (in %s). Extend the boost to keep it longer.",
					r.st.Request.Namespace, r.st.Before, humanize.Time(end, now), humanize.Duration(end.Sub(workflow.Now(ctx)))))
			}
			continue
		}
		if woke, err := workflow.AwaitWithTimeout(ctx, end.Sub(now), woken); err != nil || !woke {
			return
		}
	}
}

// shouldRemind reports whether a reminder for the current end time is still
// due: not sent yet, its time not passed, and the boost longer than the
// reminder lead.
func (r *boostRun) shouldRemind(now time.Time) bool {
	lead, end := r.policy.RemindBefore, r.st.End
	if lead <= 0 || r.remindedFor.Equal(end) || end.Sub(r.st.StartedAt) <= lead {
		return false
	}
	return now.Before(end.Add(-lead))
}

func (r *boostRun) untilText(ctx workflow.Context) string {
	if r.st.End.IsZero() {
		return ", with no end time: use revert to end it"
	}
	return fmt.Sprintf(" until %s, then back to %s", humanize.Time(r.st.End, workflow.Now(ctx)), r.st.Before)
}
