package workflows

import (
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/capacity"
)

// scheduledWindow is what the run computed, recorded once in history (a
// side effect), so its JSON names are fixed: the Go field names it was
// first recorded with.
type scheduledWindow struct {
	From time.Time `json:"From"`
	To   time.Time `json:"To"`
	Err  string    `json:"Err"`
}

// ScheduledBoostWorkflow is the action of a recurring boost's schedule. It
// computes this run's end in the schedule's time zone from the time it
// started, then runs an ordinary boost as a child workflow with the
// namespace's boost ID: the run reports in its own thread like any boost,
// the one-boost-per-namespace rule holds, and validation (namespace, TRUs,
// limits) happens in the boost exactly as for a typed one. It waits for the
// boost to finish, so the schedule's overlap policy (skip) sees a run still
// boosting and skips the next one. First of all it checks that the
// schedule's creator may still change capacity; if not, it alerts and ends.
func ScheduledBoostWorkflow(ctx workflow.Context, sb ScheduledBoost) (BoostStatus, error) {
	logger := workflow.GetLogger(ctx)
	// Runs started by a binary without the check replay without it.
	if workflow.GetVersion(ctx, checkRequesterVersion, workflow.DefaultVersion, 1) == 1 {
		allowed := requesterAllowed
		if sb.Approver != "" {
			// Only schedules created with an approval carry Approver, so
			// runs of older schedules replay the requester's check.
			allowed = approverAllowed
		}
		if ok, text := allowed(ctx, sb); !ok {
			return BoostStatus{Request: BoostRequest{Namespace: sb.Namespace, TRUs: sb.TRUs, Reason: scheduledReason(sb),
				Requester: sb.Requester, Channel: sb.Channel}, Phase: PhaseRefused, Message: text}, nil
		}
	}
	// The zone rules come from the binary's tzdata; a side effect records the
	// result so a replay on a binary with newer rules decides the same.
	var win scheduledWindow
	fired := workflow.Now(ctx)
	if err := workflow.SideEffect(ctx, func(workflow.Context) any {
		from, to, err := capacity.ScheduledWindow(fired, sb.Start, sb.End, sb.TimeZone)
		w := scheduledWindow{From: from, To: to}
		if err != nil {
			w.Err = err.Error()
		}
		return w
	}).Get(&win); err != nil {
		return BoostStatus{}, fmt.Errorf("recording the boost window: %w", err)
	}
	req := BoostRequest{
		Namespace: sb.Namespace, TRUs: sb.TRUs, End: win.To,
		Reason:    scheduledReason(sb),
		Requester: sb.Requester, Channel: sb.Channel, ApprovedBy: sb.Approver,
	}
	if win.Err != "" || !win.To.After(fired) {
		text := "This run's window could not be computed: " + win.Err
		if win.Err == "" {
			text = fmt.Sprintf("This run started at %s, after its window ended at %s; nothing was changed.",
				fired.UTC().Format(time.RFC3339), win.To.Format(time.RFC3339))
		}
		scheduledAlert(ctx, sb, "Scheduled boost skipped", text)
		return BoostStatus{Request: req, Phase: PhaseRefused, Message: text}, nil
	}

	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            BoostWorkflowID(sb.Namespace),
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		// The boost outlives this run if the run is terminated: it must
		// still revert.
		ParentClosePolicy: enumspb.PARENT_CLOSE_POLICY_ABANDON,
	})
	child := workflow.ExecuteChildWorkflow(cctx, BoostWorkflowName, req)
	if err := child.GetChildWorkflowExecution().Get(ctx, nil); err != nil {
		text := "The boost could not be started: " + analysisErrorText(err)
		var started *temporal.ChildWorkflowExecutionAlreadyStartedError
		if errors.As(err, &started) {
			text = "A boost of " + sb.Namespace + " is already running, so this scheduled run was skipped. Its own thread has the details."
		}
		logger.Warn("scheduled boost not started", "namespace", sb.Namespace, "error", err)
		scheduledAlert(ctx, sb, "Scheduled boost skipped", text)
		return BoostStatus{Request: req, Phase: PhaseRefused, Message: text}, nil
	}
	var st BoostStatus
	if err := child.Get(ctx, &st); err != nil {
		return BoostStatus{}, fmt.Errorf("scheduled boost of %s: %w", sb.Namespace, err)
	}
	return st, nil
}

func scheduledReason(sb ScheduledBoost) string {
	r := fmt.Sprintf("scheduled (%s %s-%s %s)", capacity.DaysString(sb.Days), sb.Start, sb.End, capacity.ZoneName(sb.TimeZone))
	if sb.Reason != "" {
		r += ": " + sb.Reason
	}
	return r
}

// scheduledAlert tells the alerts channel a run did nothing; a chat outage
// is logged and otherwise ignored.
func scheduledAlert(ctx workflow.Context, sb ScheduledBoost, title, text string) {
	alert := Alert{Namespace: sb.Namespace, Requester: sb.Requester, Severity: SeverityWarning, Title: title, Text: text,
		WorkflowID: workflow.GetInfo(ctx).WorkflowExecution.ID}
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, boostNotifyOptions()), ActivityNotifyAlert, alert).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("posting the scheduled boost alert failed", "namespace", sb.Namespace, "error", err)
	}
}
