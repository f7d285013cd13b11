package workflows

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// A failed revert costs money every hour, so it is never dropped: it is
// retried for a day with growing pauses, and alerted at each escalation.
const (
	boostRevertFor        = 24 * time.Hour
	boostRevertFirstPause = 30 * time.Second
	boostRevertMaxPause   = 10 * time.Minute
)

// boostRevertEscalations are the times after the first failure at which a
// still-failing revert is alerted again.
func boostRevertEscalations() []time.Duration {
	return []time.Duration{0, 15 * time.Minute, time.Hour, 4 * time.Hour, 12 * time.Hour}
}

// finishRevert ends a boost that ran: back to the previous capacity.
func (r *boostRun) finishRevert(ctx workflow.Context) {
	ns, before := r.st.Request.Namespace, r.st.Before
	why := "the end time was reached"
	r.st.EndReason = EndTimeReached
	if r.revertRequested {
		why = r.revertReason()
		r.endEarly(EndRevertedEarly)
	}
	// Runs started before the check of outside changes reverted at once,
	// and must replay so.
	if workflow.GetVersion(ctx, boostExternalChangeVersion, workflow.DefaultVersion, 1) != workflow.DefaultVersion {
		revert, anyway := r.checkExternalChange(ctx, why)
		if !revert {
			return
		}
		if anyway != "" {
			why = anyway
		}
	}
	r.report(ctx, PhaseReverting, SeverityInfo, fmt.Sprintf("Reverting %s to %s (%s).", ns, before, why))
	if !r.revert(ctx) {
		r.report(ctx, PhaseFailed, SeverityError, r.gaveUpText())
		return
	}
	r.report(ctx, PhaseDone, SeverityInfo, fmt.Sprintf("%s is back to %s (verified). The boost lasted %s.",
		ns, before, humanize.Duration(workflow.Now(ctx).Sub(r.st.StartedAt))))
}

// revert returns the namespace to the capacity it had before the boost,
// retrying until it is verified or boostRevertFor has passed. Each round uses
// its own operation ID, since Cloud Ops would answer a reused one with the
// same (failed) operation. The error stays visible in the status meanwhile.
func (r *boostRun) revert(ctx workflow.Context) bool {
	ns, before := r.st.Request.Namespace, r.st.Before
	started := workflow.Now(ctx)
	escalations := boostRevertEscalations()
	pause := boostRevertFirstPause
	for round := 1; ; round++ {
		suffix := "revert"
		if round > 1 {
			suffix = fmt.Sprintf("revert-%d", round)
		}
		out := r.changeCapacity(ctx, before, suffix, boostRevertApplyOptions())
		if out.observed.Mode != "" {
			r.st.Observed = out.observed
		}
		if out.result == changeDone {
			r.st.Observed, r.st.Reverted, r.st.Verified, r.st.Error = before, true, true, ""
			return true
		}
		failingFor := workflow.Now(ctx).Sub(started)
		r.st.Error = fmt.Sprintf("Revert of %s to %s failed (attempt %d, failing for %s): %s.",
			ns, before, round, humanize.Duration(failingFor), out.detail)
		if failingFor >= boostRevertFor {
			r.alert(SeverityError, "Revert of "+ns+" abandoned: act now", r.gaveUpText())
			return false
		}
		if len(escalations) > 0 && failingFor >= escalations[0] {
			for len(escalations) > 0 && failingFor >= escalations[0] {
				escalations = escalations[1:]
			}
			r.alert(SeverityError, "Revert of "+ns+" is failing", r.st.Error+" Retrying; it costs money until it succeeds.")
			r.report(ctx, PhaseReverting, SeverityError, r.st.Error+" Retrying.")
		}
		if err := workflow.Sleep(ctx, pause); err != nil {
			return false
		}
		pause = min(pause*2, boostRevertMaxPause)
	}
}

// gaveUpText says that the revert failed for good and what to do.
func (r *boostRun) gaveUpText() string {
	return fmt.Sprintf("Could not return %s to %s after %s of tries; it was last seen at %s. Please set it by hand (last error: %s)",
		r.st.Request.Namespace, r.st.Before, humanize.Duration(boostRevertFor), r.st.Observed, r.st.Error)
}
