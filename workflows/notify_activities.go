package workflows

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/activity"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// NotifyCreateRoot posts a boost's root message. The workflow runs the notify
// activities with few retries and ignores their failure: a chat outage delays
// or loses messages but never blocks a capacity change.
func (a *Activities) NotifyCreateRoot(ctx context.Context, channel string, st BoostStatus) (MessageRef, error) {
	ref, err := a.Notifier.CreateBoostRoot(ctx, channel, st)
	if err != nil {
		return MessageRef{}, fmt.Errorf("posting the boost message for %s: %w", st.Request.Namespace, err)
	}
	return ref, nil
}

// NotifyUpdateRoot edits a boost's root message to show its new state.
func (a *Activities) NotifyUpdateRoot(ctx context.Context, ref MessageRef, st BoostStatus) error {
	if err := a.Notifier.UpdateBoostRoot(ctx, ref, st); err != nil {
		return fmt.Errorf("updating the boost message for %s: %w", st.Request.Namespace, err)
	}
	return nil
}

// NotifyStep posts one step of a boost in its thread.
func (a *Activities) NotifyStep(ctx context.Context, ref MessageRef, st BoostStatus, step Step) error {
	// Count a phase entered once, on the first attempt: a retry is the same
	// transition. Counted here, not in the workflow, because workflow code
	// is replayed and would count again.
	if firstAttempt(ctx) {
		if step.PhaseChanged {
			a.Metrics.ObserveBoostPhase(string(step.Phase))
		}
		// The revert loop reports each escalation as an error step of the
		// reverting phase (see boostRun.revert).
		if step.Phase == PhaseReverting && step.Severity == SeverityError {
			a.Metrics.ObserveRevertFailure()
		}
		// The step that posts an approval card, and the one that records
		// its answer (see boostRun.reportApproval).
		if step.Approval != nil {
			a.Metrics.ObserveApproval(approvalEvent(step.Approval))
		}
	}
	if err := a.Notifier.PostBoostStep(ctx, ref, st, step); err != nil {
		return fmt.Errorf("posting a boost step for %s: %w", st.Request.Namespace, err)
	}
	return nil
}

// NotifyAlert posts a boost failure to the alerts channel.
func (a *Activities) NotifyAlert(ctx context.Context, alert Alert) error {
	if firstAttempt(ctx) {
		a.Metrics.ObserveAlert(string(alert.Severity))
	}
	if err := a.Notifier.PostAlert(ctx, alert); err != nil {
		return fmt.Errorf("posting an alert for %s to %s: %w", alert.Namespace, a.AlertChannel, err)
	}
	return nil
}

// firstAttempt is false on an activity's retries, so that a retried
// notification is not counted again; outside an activity (direct calls in
// tests) it is true.
func firstAttempt(ctx context.Context) bool {
	return !activity.IsActivity(ctx) || activity.GetInfo(ctx).Attempt <= 1
}

// NotifyReportRow shows a change's outcome on the capacity report row whose
// Apply button asked for it.
func (a *Activities) NotifyReportRow(ctx context.Context, u ReportRowUpdate) error {
	if err := a.Notifier.UpdateReportRow(ctx, u); err != nil {
		return fmt.Errorf("updating the report row of %s: %w", u.Status.Request.Namespace, err)
	}
	return nil
}

// approvalEvent is the approvals counter's event for an approval step: the
// request while it waits, then its outcome.
func approvalEvent(a *Approval) string {
	if a.Pending() {
		return telemetry.ApprovalRequested
	}
	return string(a.Decision)
}
