package workflows

import (
	"fmt"
	"strings"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// boostAlertStateVersion marks the runs whose failed-apply alert states the
// capacity the namespace is left at, sent after checking it (e16beab).
const boostAlertStateVersion = "boost-failed-alert-states-capacity"

// apply makes the change. It returns true when the boost is active; on
// failure it has reported, alerted and (when the change may have been made)
// reverted to the previous capacity.
func (r *boostRun) apply(ctx workflow.Context, plan string) bool {
	ns, before, target := r.st.Request.Namespace, r.st.Before, r.st.Target
	r.st.StartedAt = workflow.Now(ctx)
	r.report(ctx, PhaseApplying, SeverityInfo, "Applying: "+plan+".")
	out := r.changeCapacity(ctx, target, "apply", boostApplyOptions())
	if out.observed.Mode != "" {
		r.st.Observed = out.observed
	}
	if out.result == changeDone {
		r.st.Verified = true
		if r.st.Request.Permanent {
			r.report(ctx, PhaseDone, SeverityInfo, fmt.Sprintf("%s is now at %s (verified). This is a permanent change: nothing will revert it.", ns, target))
			return true
		}
		r.report(ctx, PhaseActive, SeverityInfo, fmt.Sprintf("%s is now at %s (verified)%s.", ns, target, r.untilText(ctx)))
		return true
	}
	failure := fmt.Sprintf("Could not %s %s to %s: %s.", strings.ToLower(r.st.Request.Noun()), ns, target, out.detail)
	r.st.Error = failure
	// The alert says where the namespace stands, so whoever reads it knows
	// whether anything is left changed without opening the thread. Runs
	// started before that alerted at once, before checking the capacity,
	// and must replay in that order.
	alertFailed := func(text string) { r.alert(SeverityError, r.failedTitle(), text) }
	if workflow.GetVersion(ctx, boostAlertStateVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		alertFailed(failure)
		alertFailed = func(string) {}
	}
	if out.result == changeNotMade && r.isAt(ctx, before) {
		r.st.Observed = before
		text := fmt.Sprintf("%s %s is still at %s; nothing was changed.", failure, ns, before)
		alertFailed(text)
		r.report(ctx, PhaseFailed, SeverityError, text)
		return false
	}
	text := fmt.Sprintf("%s The change may have been partly made (last seen at %s), so %s is being returned to %s to be safe.", failure, r.st.Observed, ns, before)
	alertFailed(text)
	r.report(ctx, PhaseReverting, SeverityWarning, text)
	if !r.revert(ctx) {
		r.report(ctx, PhaseFailed, SeverityError, r.gaveUpText())
		return false
	}
	r.st.Error = failure // the revert cleared it; the boost still failed
	r.report(ctx, PhaseFailed, SeverityError, fmt.Sprintf("%s %s was returned to %s (verified).", failure, ns, before))
	return false
}

// isAt reports whether the namespace verifiably has the given capacity.
func (r *boostRun) isAt(ctx workflow.Context, c clients.Capacity) bool {
	var v Verification
	actx := workflow.WithActivityOptions(ctx, boostReadOptions())
	err := workflow.ExecuteActivity(actx, ActivityVerifyCapacity, r.st.Request.Namespace, c).Get(ctx, &v)
	return err == nil && v.Matches
}
