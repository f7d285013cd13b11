package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// BoostWorkflow raises a namespace's capacity for an event and puts it back
// to what it was, verified, reporting every step. It is started with the ID
// BoostWorkflowID(namespace) and WorkflowIDConflictPolicy FAIL, which is what
// refuses a second boost of the same namespace while one runs.
//
// It returns the final status with a nil error whatever the outcome (refused,
// done or failed): the status says what happened, and the phase is what the
// bot shows. A cancellation request is treated like revert_now, so a
// cancelled boost is still reverted (the Python reference left it boosted).
// A boost with no end time holds until revert_now; the bot defaults a
// duration, so this is rare and deliberate.
func BoostWorkflow(ctx workflow.Context, req BoostRequest) (BoostStatus, error) {
	r := newBoostRun(ctx, req)
	// Cloud work runs in a disconnected context: a cancellation becomes a
	// revert request instead of abandoning a half-made change.
	wctx, _ := workflow.NewDisconnectedContext(ctx)
	r.notes = startNotifyQueue(wctx, req.Channel)
	if err := r.registerHandlers(ctx); err != nil {
		return r.st, fmt.Errorf("registering boost handlers: %w", err)
	}
	workflow.Go(ctx, func(gctx workflow.Context) {
		gctx.Done().Receive(gctx, nil)
		if !r.st.Phase.Final() && !r.revertRequested {
			r.revertRequested, r.revertBy = true, boostCancelledBy
		}
	})
	r.notes.push(notifyItem{kind: notifyRoot, status: r.st})

	r.run(wctx)
	if req.Report != nil {
		// Only requests from a report's Apply button carry Report, so runs
		// without it (every run from before it existed) queue nothing here.
		r.notes.push(notifyItem{kind: notifyReportRow, status: r.st})
	}

	_ = workflow.Await(wctx, func() bool { return workflow.AllHandlersFinished(wctx) })
	r.notes.close(wctx)
	return r.st, nil
}

// boostRun is the state of one boost execution.
type boostRun struct {
	st     BoostStatus
	policy Policy
	notes  *notifyQueue
	logger log.Logger

	revertRequested bool
	revertBy        string
	decision        ExternalChangeRequest // about an outside change; set by its update
	endVersion      int                   // bumped by extend, to wake the hold loop
	remindedFor     time.Time             // the end time the last reminder was about
	answer          *approvalAnswer       // to the pending approval; set by approve or deny
}

func newBoostRun(ctx workflow.Context, req BoostRequest) *boostRun {
	target := req.Target()
	return &boostRun{
		logger: workflow.GetLogger(ctx),
		st: BoostStatus{
			Request:           req,
			Phase:             PhasePlanned,
			Target:            target,
			End:               req.End,
			DryRun:            req.DryRun,
			MinActionsPerHour: costFloor(target),
			WorkflowID:        workflow.GetInfo(ctx).WorkflowExecution.ID,
			Message:           "Checking the request…",
		},
	}
}

func (r *boostRun) run(ctx workflow.Context) {
	if !r.check(ctx, false) {
		return
	}
	plan := r.planText(ctx)
	if r.policy.DryRun || r.st.Request.DryRun {
		r.st.DryRun = true
		r.report(ctx, PhaseDone, SeverityInfo, "Dry run: would "+plan+". Nothing was changed.")
		return
	}
	if why := r.approvalWhy(ctx); why != "" {
		if !r.awaitApproval(ctx, why) {
			return
		}
		plan = r.planText(ctx)
	}
	waited, goOn := r.waitForStart(ctx, plan)
	if !goOn {
		r.endEarly(EndCalledOff)
		r.report(ctx, PhaseDone, SeverityInfo, fmt.Sprintf("Called off before it started (%s). Nothing was changed.", r.revertReason()))
		return
	}
	// After a wait, the namespace may have changed: check again, and take
	// the capacity it has now as the one to return to.
	if waited && !r.check(ctx, true) {
		return
	}
	if !r.apply(ctx, r.planText(ctx)) || r.st.Request.Permanent {
		return // a permanent change is done once applied and verified
	}
	r.hold(ctx)
	r.finishRevert(ctx)
}

// planText says what the run will do from the capacity it starts at.
func (r *boostRun) planText(ctx workflow.Context) string {
	return boostPlanText(r.st.Request.Namespace, r.st.Before, r.st.Target, r.st.End, workflow.Now(ctx), r.st.Request.Permanent)
}

// failedTitle is the title of the run's failure alerts.
func (r *boostRun) failedTitle() string {
	return r.st.Request.Noun() + " of " + r.st.Request.Namespace + " failed"
}

// check reads the namespace, remembers its capacity as the revert target,
// and validates the request against it. It reports a refusal or a failed
// read and returns false when the boost must stop. atStart is set for the
// re-check when a scheduled start has come: the start time is then now,
// however late a worker outage made the timer fire.
func (r *boostRun) check(ctx workflow.Context, atStart bool) bool {
	ns := r.st.Request.Namespace
	reading, err := r.readCapacity(ctx)
	if err != nil {
		var appErr *temporal.ApplicationError
		if errors.As(err, &appErr) && clients.ErrorKind(appErr.Type()) == clients.KindNotFound {
			r.st.Error = fmt.Sprintf("Temporal Cloud does not know the namespace %s.", ns)
			r.report(ctx, PhaseRefused, SeverityWarning, "Refused: "+r.st.Error+" Nothing was changed.")
			return false
		}
		r.failWithoutChange(ctx, fmt.Sprintf("Could not read the capacity of %s: %s. Nothing was changed.", ns, boostErrorText(err)))
		return false
	}
	r.policy = reading.Policy
	r.st.Simulated = reading.Simulated
	r.st.Before = reading.Capacity.Current
	r.st.Observed = reading.Capacity.Current
	req := r.st.Request
	req.End = r.st.End // as extended while waiting
	if atStart {
		req.Start = time.Time{}
	}
	if err := ValidateBoost(req, reading.Capacity, reading.Info, r.policy, workflow.Now(ctx)); err != nil {
		r.st.Error = err.Error()
		r.report(ctx, PhaseRefused, SeverityWarning, "Refused: "+err.Error()+" Nothing was changed.")
		return false
	}
	return true
}

func (r *boostRun) readCapacity(ctx workflow.Context) (CapacityReading, error) {
	var reading CapacityReading
	actx := workflow.WithActivityOptions(ctx, boostReadOptions())
	err := workflow.ExecuteActivity(actx, ActivityReadCapacity, r.st.Request.Namespace).Get(ctx, &reading)
	return reading, err
}

// report records a step: the status message, the root message when the
// phase changes, and a thread reply.
func (r *boostRun) report(ctx workflow.Context, phase BoostPhase, sev StepSeverity, text string) {
	r.reportAsking(ctx, phase, sev, text, nil)
}

// reportAsking is report for a step that asks what to do about an outside
// change (x; nil for any other step).
func (r *boostRun) reportAsking(ctx workflow.Context, phase BoostPhase, sev StepSeverity, text string, x *ExternalChange) {
	r.reportStep(ctx, phase, sev, text, Step{ExternalChange: x})
}

// reportStep is report for a step carrying more than its text (what it asks
// for, in extra's ExternalChange or Approval).
func (r *boostRun) reportStep(ctx workflow.Context, phase BoostPhase, sev StepSeverity, text string, extra Step) {
	changed := r.st.Phase != phase
	r.st.Phase = phase
	r.st.Message = text
	if phase.Final() && r.st.EndedAt.IsZero() {
		r.st.EndedAt = workflow.Now(ctx)
	}
	r.logger.Info("boost step", "namespace", r.st.Request.Namespace, "phase", string(phase), "text", text)
	if changed {
		r.notes.push(notifyItem{kind: notifyRoot, status: r.st})
	}
	step := extra
	step.Phase, step.Severity, step.Text, step.At, step.PhaseChanged = phase, sev, text, workflow.Now(ctx), changed
	r.notes.push(notifyItem{kind: notifyStep, status: r.st, step: step})
}

// alert posts a failure to the alerts channel, naming the requester.
func (r *boostRun) alert(sev StepSeverity, title, text string) { r.alertAsking(sev, title, text, nil) }

// alertAsking is alert for an alert that asks what to do about an outside
// change (x; nil for any other alert).
func (r *boostRun) alertAsking(sev StepSeverity, title, text string, x *ExternalChange) {
	logAt := r.logger.Error
	if sev != SeverityError {
		logAt = r.logger.Warn // an outside change is news, not a failure
	}
	logAt("boost alert", "namespace", r.st.Request.Namespace, "title", title, "text", text)
	r.notes.push(notifyItem{kind: notifyAlert, alert: Alert{
		Namespace:  r.st.Request.Namespace,
		Requester:  r.st.Request.Requester,
		Severity:   sev,
		Title:      title,
		Text:       text,
		WorkflowID: r.st.WorkflowID,
		Simulated:  r.st.Simulated,

		ExternalChange: x,
	}})
}

func (r *boostRun) failWithoutChange(ctx workflow.Context, text string) {
	r.st.Error = text
	r.report(ctx, PhaseFailed, SeverityError, text)
	r.alert(SeverityError, r.failedTitle(), text)
}

// boostErrorText extracts the message a person should read from an activity
// error, without the SDK's wrapping.
func boostErrorText(err error) string {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) {
		return appErr.Error()
	}
	var timeoutErr *temporal.TimeoutError
	if errors.As(err, &timeoutErr) {
		return "timed out"
	}
	return err.Error()
}

// boostCancelledBy stands for the requester of a revert caused by a
// workflow cancellation (from the Temporal UI or CLI).
const boostCancelledBy = "workflow cancellation"

// endEarly records who ended the boost before its end time, and how: a
// workflow cancellation is EndCancelled whatever the moment.
func (r *boostRun) endEarly(reason BoostEndReason) {
	if r.revertBy == boostCancelledBy {
		r.st.EndReason = EndCancelled
		return
	}
	r.st.EndReason, r.st.EndedBy = reason, r.revertBy
}

// revertReason says why the boost is being ended early.
func (r *boostRun) revertReason() string {
	if r.revertBy == boostCancelledBy {
		return "the workflow was cancelled"
	}
	return "requested by " + boostWho(r.revertBy)
}

// boostWho names a person in a message: a Slack mention, which the console
// adapter renders as plain text.
func boostWho(id string) string {
	if id == "" {
		return "someone"
	}
	return "<@" + id + ">"
}
