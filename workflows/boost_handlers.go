package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// registerHandlers installs the status query and the extend, revert_now,
// external_change_decision, approve and deny updates. Validators refuse bad updates before they enter history, so a
// refused update changes nothing and costs nothing.
func (r *boostRun) registerHandlers(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryStatus, func() (BoostStatus, error) {
		return r.st, nil
	}); err != nil {
		return fmt.Errorf("query %s: %w", QueryStatus, err)
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateExtend, r.onExtend,
		workflow.UpdateHandlerOptions{Validator: r.validateExtend}); err != nil {
		return fmt.Errorf("update %s: %w", UpdateExtend, err)
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateRevertNow, r.onRevertNow,
		workflow.UpdateHandlerOptions{Validator: r.validateRevertNow}); err != nil {
		return fmt.Errorf("update %s: %w", UpdateRevertNow, err)
	}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateExternalChange, r.onExternalChange,
		workflow.UpdateHandlerOptions{Validator: r.validateExternalChange}); err != nil {
		return fmt.Errorf("update %s: %w", UpdateExternalChange, err)
	}
	for _, u := range []struct {
		name     string
		decision ApprovalDecision
	}{{UpdateApprove, ApprovalGranted}, {UpdateDeny, ApprovalDenied}} {
		if err := workflow.SetUpdateHandlerWithOptions(ctx, u.name, r.onApproval(u.decision),
			workflow.UpdateHandlerOptions{Validator: r.validateApproval(u.decision)}); err != nil {
			return fmt.Errorf("update %s: %w", u.name, err)
		}
	}
	return nil
}

func (r *boostRun) validateExtend(ctx workflow.Context, req ExtendRequest) error {
	ns := r.st.Request.Namespace
	if r.st.Phase != PhaseWaiting && r.st.Phase != PhaseActive {
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The boost of %s is %s; only a waiting or active boost can be extended.", ns, r.st.Phase)}
	}
	if r.revertRequested {
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The boost of %s is already being reverted.", ns)}
	}
	if r.pendingApproval() != nil {
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("An extension of the boost of %s already waits for approval.", ns)}
	}
	now := workflow.Now(ctx)
	if req.NewEnd.IsZero() {
		return &RefusalError{Field: FieldEnd, Message: "Please give the new end time."}
	}
	if !req.NewEnd.After(now) {
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The new end time %s is in the past.", humanize.Time(req.NewEnd, now))}
	}
	start := r.effectiveStart(now)
	if !req.NewEnd.After(start) {
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The new end time %s is before the boost starts (%s).", humanize.Time(req.NewEnd, now), humanize.Time(start, now))}
	}
	if refusal := CheckBoostLength(start, req.NewEnd, r.policy.MaxDuration); refusal != nil {
		return refusal
	}
	return nil
}

// effectiveStart is when the boost started, or will start.
func (r *boostRun) effectiveStart(now time.Time) time.Time {
	switch {
	case !r.st.StartedAt.IsZero():
		return r.st.StartedAt
	case !r.st.Request.Start.IsZero():
		return r.st.Request.Start
	default:
		return now
	}
}

// onExtend moves the end, or asks for approval first when the new length
// is past APPROVAL_LONGER_THAN (only possible with a policy that has it, so
// runs from before approvals replay unchanged).
func (r *boostRun) onExtend(ctx workflow.Context, req ExtendRequest) (BoostStatus, error) {
	if why := r.extendApprovalWhy(workflow.Now(ctx), req.NewEnd); why != "" {
		r.requestExtendApproval(ctx, req, why)
		return r.st, nil
	}
	r.extendTo(ctx, req)
	return r.st, nil
}

// extendTo moves the end and says so.
func (r *boostRun) extendTo(ctx workflow.Context, req ExtendRequest) {
	now := workflow.Now(ctx)
	was := "no end time"
	if !r.st.End.IsZero() {
		was = humanize.Time(r.st.End, now)
	}
	r.st.End = req.NewEnd
	r.endVersion++
	r.notes.push(notifyItem{kind: notifyRoot, status: r.st})
	r.report(ctx, r.st.Phase, SeverityInfo, fmt.Sprintf("%s extended the boost of %s to %s (was %s).",
		boostWho(req.Requester), r.st.Request.Namespace, humanize.Time(req.NewEnd, now), was))
}

func (r *boostRun) validateRevertNow(ctx workflow.Context, req RevertRequest) error {
	ns := r.st.Request.Namespace
	switch {
	case r.st.Request.Permanent:
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The change of %s is a permanent change: nothing reverts it. Use /capacity set to change %s again.", ns, ns)}
	case r.st.Phase.Final():
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The boost of %s has already ended (%s).", ns, r.st.Phase)}
	case r.st.Phase == PhaseDeciding:
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The boost of %s is waiting for a decision about a capacity change made outside the bot: revert it anyway, or leave it as is.", ns)}
	case r.st.Phase == PhaseReverting || r.revertRequested:
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The boost of %s is already being reverted.", ns)}
	}
	return nil
}

func (r *boostRun) onRevertNow(ctx workflow.Context, req RevertRequest) (BoostStatus, error) {
	r.revertRequested, r.revertBy = true, req.Requester
	r.report(ctx, r.st.Phase, SeverityInfo, fmt.Sprintf("%s asked to end the boost of %s now.", boostWho(req.Requester), r.st.Request.Namespace))
	return r.st, nil
}
