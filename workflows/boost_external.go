package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// boostExternalChangeVersion marks the runs that read the namespace before
// reverting and, when its capacity was changed outside the bot during the
// boost, ask before overwriting that change.
const boostExternalChangeVersion = "boost-asks-before-overwriting-outside-change"

// checkExternalChange reads the namespace before the revert. When its
// capacity is neither the boost's target nor already the one to return to,
// someone changed it outside the bot (Terraform, tcld, the Cloud UI): the
// boost says so in the thread and the alerts channel and waits for a
// decision, leaving the change as is when none comes in time. revert says
// whether to go on with the revert; anyway, when set, is why (a person
// chose to revert anyway). A failed read is no reason to keep a boost: the
// revert goes ahead and its own verification reports what it finds.
func (r *boostRun) checkExternalChange(ctx workflow.Context, why string) (revert bool, anyway string) {
	found, ok := r.outsideCapacity(ctx)
	if !ok {
		return true, ""
	}
	ns := r.st.Request.Namespace
	now := workflow.Now(ctx)
	x := &ExternalChange{Found: found, DetectedAt: now, DecideBy: now.Add(max(r.policy.ExternalChangeTimeout, 0))}
	r.st.ExternalChange, r.st.Observed = x, found
	text := fmt.Sprintf("Before reverting (%s), %s was found at %s instead of the boost's %s: its capacity was changed outside the bot during the boost (by Terraform, tcld or the Cloud UI, for example). It was not reverted to %s, so as not to overwrite that change.",
		why, ns, found, r.st.Target, r.st.Before)
	if x.AsksDecision() {
		text += fmt.Sprintf(" Revert it anyway, or leave it as is? Without a decision by %s it is left as is.", humanize.Time(x.DecideBy, now))
	}
	r.reportAsking(ctx, PhaseDeciding, SeverityWarning, text, x)
	r.alertAsking(SeverityWarning, "Capacity of "+ns+" changed outside the bot during its boost", text, x)
	if x.AsksDecision() {
		// The context is the disconnected one: a cancellation is no decision.
		_, _ = workflow.AwaitWithTimeout(ctx, x.DecideBy.Sub(now), func() bool { return r.decision.Decision != "" })
	}

	rec := *x // a new value: queued messages keep the state they were sent with
	if r.decision.Decision == "" {
		rec.Decision, rec.TimedOut = DecisionLeaveAsIs, true
	} else {
		rec.Decision, rec.DecidedBy = r.decision.Decision, r.decision.Requester
	}
	r.st.ExternalChange = &rec
	r.st.EndedBy = rec.DecidedBy
	if rec.Decision == DecisionRevertAnyway {
		r.st.EndReason = EndRevertedAnyway
		return true, fmt.Sprintf("%s chose to revert anyway, over the change to %s made outside the bot", boostWho(rec.DecidedBy), found)
	}
	r.st.EndReason = EndLeftAsIs
	decided := boostWho(rec.DecidedBy) + " chose to leave it as is"
	if rec.TimedOut {
		decided = "no decision came within " + humanize.Duration(rec.DecideBy.Sub(rec.DetectedAt))
	}
	if !rec.DecideBy.After(rec.DetectedAt) {
		decided = "outside changes are left as they are without asking"
	}
	r.report(ctx, PhaseDone, SeverityInfo, fmt.Sprintf("Left %s at %s, as changed outside the bot (%s); it was not reverted to %s. The boost lasted %s.",
		ns, found, decided, r.st.Before, humanize.Duration(workflow.Now(ctx).Sub(r.st.StartedAt))))
	return false, ""
}

// outsideCapacity reads the namespace and returns its capacity when it was
// changed outside the bot: neither the boost's target nor the capacity the
// revert would set. ok is false otherwise, and when it cannot be read.
func (r *boostRun) outsideCapacity(ctx workflow.Context) (found clients.Capacity, ok bool) {
	var v Verification
	actx := workflow.WithActivityOptions(ctx, boostReadOptions())
	if err := workflow.ExecuteActivity(actx, ActivityVerifyCapacity, r.st.Request.Namespace, r.st.Target).Get(ctx, &v); err != nil {
		r.logger.Warn("capacity not read before the revert; reverting", "namespace", r.st.Request.Namespace, "error", err)
		return clients.Capacity{}, false
	}
	c := v.Observed
	if c.Mode == "" || c.Equal(r.st.Target) || c.Equal(r.st.Before) {
		return clients.Capacity{}, false
	}
	return c, true
}

// validateExternalChange accepts a decision only while the boost waits for
// one, and only once.
func (r *boostRun) validateExternalChange(_ workflow.Context, req ExternalChangeRequest) error {
	ns := r.st.Request.Namespace
	switch req.Decision {
	case DecisionRevertAnyway, DecisionLeaveAsIs:
	default:
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("%q is not a decision: revert anyway, or leave as is.", req.Decision)}
	}
	switch {
	case r.decision.Decision != "":
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The outside change to %s has already been decided on.", ns)}
	case r.st.Phase != PhaseDeciding:
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The boost of %s is not waiting for a decision about an outside change (it is %s).", ns, r.st.Phase)}
	}
	return nil
}

func (r *boostRun) onExternalChange(_ workflow.Context, req ExternalChangeRequest) (BoostStatus, error) {
	r.decision = req
	return r.st, nil
}
