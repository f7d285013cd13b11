package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// defaultApprovalTimeout stands in for a policy without APPROVAL_TIMEOUT
// (a worker whose settings predate it): a request never waits forever.
const defaultApprovalTimeout = time.Hour

// approvalAnswer is an approver's Approve or Deny, accepted by the update
// handler after the approver check.
type approvalAnswer struct {
	decision ApprovalDecision
	req      ApprovalRequest
}

// approvalWhy says why the validated boost needs approval, "" when it does
// not. No GetVersion guards the wait: the rule comes from the policy in the
// first reading (recorded in history) and from the request's NeedsApproval,
// both absent from runs started before approvals existed, so their replay
// never takes this path.
func (r *boostRun) approvalWhy(ctx workflow.Context) string {
	req := r.st.Request
	if req.ApprovedBy != "" {
		// A scheduled run of a schedule approved at its creation (its run
		// re-checked the approver): recorded, not asked again.
		now := workflow.Now(ctx)
		r.st.Approval = &Approval{Why: "approved with its schedule", Requester: req.Requester, Requested: now, Expires: now,
			MinActionsPerHour: r.st.MinActionsPerHour, Decision: ApprovalGranted, DecidedBy: req.ApprovedBy, DecidedAt: now}
		return ""
	}
	length := time.Duration(-1) // a permanent change has no length
	if !req.Permanent {
		length = 0
		if !r.st.End.IsZero() {
			length = r.st.End.Sub(r.effectiveStart(workflow.Now(ctx)))
		}
	}
	return r.policy.ApprovalWhy(req.TRUs, length, req.NeedsApproval)
}

func (r *boostRun) approvalTimeout() time.Duration {
	if r.policy.ApprovalTimeout > 0 {
		return r.policy.ApprovalTimeout
	}
	return defaultApprovalTimeout
}

// awaitApproval posts the approval card (in the thread and to the alerts
// channel) and waits durably for an approver's answer, a call-off or the
// timeout. On approval the request is validated again against the
// namespace as it is then, and a length ("for 2h") counts from the
// approval; goOn is false when the boost ended, having changed nothing.
func (r *boostRun) awaitApproval(ctx workflow.Context, why string) (goOn bool) {
	req := r.st.Request
	ns, now := req.Namespace, workflow.Now(ctx)
	a := &Approval{Why: why, Requester: req.Requester, Requested: now, Expires: now.Add(r.approvalTimeout()),
		MinActionsPerHour: r.st.MinActionsPerHour}
	r.st.Approval, r.answer = a, nil
	text := fmt.Sprintf("%s of %s to %s needs approval (%s): it would %s. One approver is enough; %s cannot approve their own request. Without an answer by %s it expires and nothing is changed.",
		req.Noun(), ns, r.st.Target, why, r.planText(ctx), boostWho(req.Requester), humanize.Time(a.Expires, now))
	r.reportApproval(ctx, PhaseAwaitingApproval, text, a)
	r.alertApproval(req.Noun()+" of "+ns+" to "+r.st.Target.String()+" needs approval", text, a)
	_, _ = workflow.AwaitWithTimeout(ctx, a.Expires.Sub(now), func() bool { return r.answer != nil || r.revertRequested })

	rec := r.decide(ctx, a)
	switch {
	case rec.Decision == ApprovalGranted:
	case r.revertRequested && rec.Decision == "":
		r.endEarly(EndCalledOff)
		r.report(ctx, PhaseDone, SeverityInfo, fmt.Sprintf("Called off while waiting for approval (%s). Nothing was changed.", r.revertReason()))
		return false
	case rec.Decision == ApprovalDenied:
		r.st.EndReason, r.st.EndedBy = EndDenied, rec.DecidedBy
		r.reportApproval(ctx, PhaseDone, fmt.Sprintf("%s denied the %s of %s%s. Nothing was changed.",
			boostWho(rec.DecidedBy), lowerNoun(req), ns, NoteText(rec.Note)), rec)
		return false
	default:
		r.st.EndReason = EndExpired
		r.reportApproval(ctx, PhaseDone, fmt.Sprintf("Nobody approved the %s of %s within %s: the request expired. Nothing was changed.",
			lowerNoun(req), ns, humanize.Duration(a.Expires.Sub(a.Requested))), rec)
		return false
	}
	now = workflow.Now(ctx)
	if req.Length > 0 && !req.Permanent {
		from := req.Start
		if from.Before(now) {
			from = now
		}
		r.st.End = from.Add(req.Length)
	}
	r.reportApproval(ctx, PhasePlanned, fmt.Sprintf("%s approved the %s of %s%s.", boostWho(rec.DecidedBy), lowerNoun(req), ns, NoteText(rec.Note)), rec)
	// Capacity may have changed while the request waited; a start that has
	// passed is now.
	return r.check(ctx, !req.Start.After(now))
}

// decide records the answer to a (the boost's or an extension's request):
// granted or denied as answered, expired when nobody answered, still
// pending when the boost was called off first.
func (r *boostRun) decide(ctx workflow.Context, a *Approval) *Approval {
	rec := *a // a new value: queued messages keep the state they were sent with
	switch {
	case r.answer != nil:
		rec.Decision, rec.DecidedBy, rec.Note, rec.DecidedAt = r.answer.decision, r.answer.req.Approver, r.answer.req.Note, workflow.Now(ctx)
	case !r.revertRequested:
		rec.Decision, rec.DecidedAt = ApprovalExpired, workflow.Now(ctx)
	}
	r.st.Approval, r.answer = &rec, nil
	return &rec
}

// reportApproval is report for a step that asks for approval (a pending
// a: the card) or records its answer.
func (r *boostRun) reportApproval(ctx workflow.Context, phase BoostPhase, text string, a *Approval) {
	r.reportStep(ctx, phase, SeverityInfo, text, Step{Approval: a})
}

// alertApproval posts the approval card to the alerts channel, where the
// approvers are, so the record stays in a channel rather than a DM.
func (r *boostRun) alertApproval(title, text string, a *Approval) {
	r.logger.Info("approval requested", "namespace", r.st.Request.Namespace, "why", a.Why)
	r.notes.push(notifyItem{kind: notifyAlert, alert: Alert{
		Namespace: r.st.Request.Namespace, Requester: a.Requester, Severity: SeverityInfo,
		Title: title, Text: text, WorkflowID: r.st.WorkflowID, Simulated: r.st.Simulated, Approval: a,
	}})
}

func lowerNoun(req BoostRequest) string { return strings.ToLower(req.Noun()) }

// NoteText quotes an approver's reason after a colon (": “reason”"), ""
// without one: the one form of a note in the thread, the root message and
// the console.
func NoteText(note string) string {
	if note == "" {
		return ""
	}
	return ": “" + note + "”"
}

// pendingApproval is the request an approve or deny would answer, nil when
// none waits.
func (r *boostRun) pendingApproval() *Approval {
	a := r.st.Approval
	switch {
	case !a.Pending() || r.answer != nil || r.st.Phase.Final():
		return nil
	case !a.NewEnd.IsZero() && (r.revertRequested || (r.st.Phase != PhaseWaiting && r.st.Phase != PhaseActive)):
		return nil // an extension of a boost that is ending
	}
	return a
}

// validateApproval refuses an answer when nothing waits for one, or when
// the requester tries to approve their own request. Whether the person is
// an approver is checked by the handler (an activity), at the time of the
// click.
func (r *boostRun) validateApproval(decision ApprovalDecision) func(workflow.Context, ApprovalRequest) error {
	return func(_ workflow.Context, req ApprovalRequest) error {
		ns := r.st.Request.Namespace
		a := r.pendingApproval()
		switch {
		case a == nil:
			return &RefusalError{Message: fmt.Sprintf("The %s of %s is not waiting for approval (it is %s).", lowerNoun(r.st.Request), ns, r.st.Phase)}
		case req.Approver == "":
			return &RefusalError{Message: "The answer carries no user, so it cannot be authorized."}
		case decision == ApprovalGranted && req.Approver == a.Requester:
			return &RefusalError{Message: fmt.Sprintf("You asked for this, so you cannot approve it: another approver must. (Deny it, or revert %s, to call it off.)", ns)}
		}
		return nil
	}
}

// onApproval checks, through the bot's authorizer, that the person may
// approve now, and records their answer for the waiting boost.
func (r *boostRun) onApproval(decision ApprovalDecision) func(workflow.Context, ApprovalRequest) (BoostStatus, error) {
	return func(ctx workflow.Context, req ApprovalRequest) (BoostStatus, error) {
		var chk RequesterCheck
		actx := workflow.WithActivityOptions(ctx, checkApproverOptions())
		if err := workflow.ExecuteActivity(actx, ActivityCheckApprover, req.Approver).Get(ctx, &chk); err != nil {
			return r.st, &RefusalError{Message: "Whether you may approve could not be checked just now (" + boostErrorText(err) + "); try again in a minute."}
		}
		if !chk.Allowed {
			return r.st, &RefusalError{Message: "You may not approve or deny boosts: " + chk.Reason + "."}
		}
		if r.pendingApproval() == nil { // answered or expired during the check
			return r.st, &RefusalError{Message: fmt.Sprintf("The %s of %s is no longer waiting for approval.", lowerNoun(r.st.Request), r.st.Request.Namespace)}
		}
		r.answer = &approvalAnswer{decision: decision, req: req}
		return r.st, nil
	}
}

// extendApprovalWhy says why an extension to newEnd needs approval (only
// the length rule applies: the size was approved, or needed none).
func (r *boostRun) extendApprovalWhy(now, newEnd time.Time) string {
	if r.policy.ApprovalLongerThan <= 0 {
		return ""
	}
	return r.policy.ApprovalWhy(0, newEnd.Sub(r.effectiveStart(now)), false)
}

// requestExtendApproval posts the card for an extension past
// APPROVAL_LONGER_THAN and waits for it in a goroutine of its own, so the
// boost goes on holding (and ends at its current end if no answer comes).
func (r *boostRun) requestExtendApproval(ctx workflow.Context, req ExtendRequest, why string) {
	ns, now := r.st.Request.Namespace, workflow.Now(ctx)
	a := &Approval{Why: why, Requester: req.Requester, Requested: now, Expires: now.Add(r.approvalTimeout()),
		NewEnd: req.NewEnd, MinActionsPerHour: r.st.MinActionsPerHour}
	r.st.Approval, r.answer = a, nil
	text := fmt.Sprintf("%s asked to extend the boost of %s to %s, which needs approval (%s); it keeps %s at %s, %s. One approver is enough; %s cannot approve their own request. Without an answer by %s the end stays %s.",
		boostWho(req.Requester), ns, humanize.Time(req.NewEnd, now), why, ns, r.st.Target, capacity.FormatFloor(a.MinActionsPerHour, 0),
		boostWho(req.Requester), humanize.Time(a.Expires, now), humanize.Time(r.st.End, now))
	r.reportApproval(ctx, r.st.Phase, text, a)
	r.alertApproval("Extension of the boost of "+ns+" needs approval", text, a)
	workflow.Go(ctx, func(gctx workflow.Context) {
		_, _ = workflow.AwaitWithTimeout(gctx, a.Expires.Sub(now), func() bool { return r.answer != nil || r.pendingApproval() == nil })
		if r.answer == nil && r.pendingApproval() == nil { // the boost is ending: nothing to extend
			rec := *a
			rec.Decision = ApprovalExpired
			r.st.Approval, r.answer = &rec, nil
			return
		}
		rec := r.decide(gctx, a)
		switch rec.Decision {
		case ApprovalGranted:
			r.reportApproval(gctx, r.st.Phase, fmt.Sprintf("%s approved extending the boost of %s%s.", boostWho(rec.DecidedBy), ns, NoteText(rec.Note)), rec)
			r.extendTo(gctx, ExtendRequest{NewEnd: rec.NewEnd, Requester: rec.Requester})
		case ApprovalDenied:
			r.reportApproval(gctx, r.st.Phase, fmt.Sprintf("%s denied extending the boost of %s%s; it still ends %s.", boostWho(rec.DecidedBy), ns, NoteText(rec.Note), humanize.Time(r.st.End, workflow.Now(gctx))), rec)
		default:
			r.reportApproval(gctx, r.st.Phase, fmt.Sprintf("Nobody approved extending the boost of %s in time; it still ends %s.", ns, humanize.Time(r.st.End, workflow.Now(gctx))), rec)
		}
	})
}
