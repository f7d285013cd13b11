package bot

import (
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// EndWords says why a finished boost ended ("end time reached", "reverted
// early by <@U1>"), the one wording the Slack root message and the console
// line both show; "" when the status does not say (a refusal, a failure
// before any change, a dry run, or a run from before the status recorded
// it). A person is a Slack mention, which the console prints as @U1.
func EndWords(st workflows.BoostStatus) string {
	switch st.EndReason {
	case workflows.EndTimeReached:
		return "end time reached"
	case workflows.EndRevertedEarly:
		return "reverted early by " + mention(st.EndedBy)
	case workflows.EndCalledOff:
		return "called off before it started by " + mention(st.EndedBy)
	case workflows.EndCancelled:
		return "cancelled (its workflow was cancelled in Temporal)"
	case workflows.EndRevertedAnyway:
		return "reverted anyway by " + mention(st.EndedBy)
	case workflows.EndLeftAsIs:
		return leftAsIsWords(st.ExternalChange)
	case workflows.EndDenied:
		return "denied by " + mention(st.EndedBy) + noteWords(st.Approval)
	case workflows.EndExpired:
		return expiredWords(st.Approval)
	}
	return ""
}

// ApprovalWords says who approved the boost and why ("approved by <@U2>:
// “checked”"), for the root message and the console while and after it
// runs; "" when it needed no approval or was not approved.
func ApprovalWords(st workflows.BoostStatus) string {
	a := st.Approval
	if a == nil || a.Decision != workflows.ApprovalGranted {
		return ""
	}
	return "approved by " + mention(a.DecidedBy) + noteWords(a)
}

// noteWords is an approver's reason, quoted after a colon; "" without one.
func noteWords(a *workflows.Approval) string {
	if a == nil {
		return ""
	}
	return workflows.NoteText(a.Note)
}

// expiredWords says that nobody approved in time, and how long that was.
func expiredWords(a *workflows.Approval) string {
	if a == nil || !a.Expires.After(a.Requested) {
		return "not approved in time: the request expired"
	}
	return "not approved within " + humanize.Duration(a.Expires.Sub(a.Requested)) + ": the request expired"
}

// leftAsIsWords says that a boost kept an outside change, to what, and who
// (or what) decided it.
func leftAsIsWords(x *workflows.ExternalChange) string {
	if x == nil {
		return "left as is: capacity changed outside the bot"
	}
	s := "left as is: capacity changed outside the bot to " + x.Found.String()
	switch {
	case x.DecidedBy != "":
		return s + " (chosen by " + mention(x.DecidedBy) + ")"
	case !x.DecideBy.After(x.DetectedAt):
		return s + " (left without asking)"
	case x.TimedOut:
		return s + " (no decision within " + humanize.Duration(x.DecideBy.Sub(x.DetectedAt)) + ")"
	}
	return s
}

// Lasted is how long a finished boost lasted, from the start of the change
// to its end ("1h40m"); "" when it never started or its end is unknown, and
// for a permanent change, which does not end.
func Lasted(st workflows.BoostStatus) string {
	if st.DryRun || st.Request.Permanent || st.StartedAt.IsZero() || st.EndedAt.IsZero() || st.EndedAt.Before(st.StartedAt) {
		return ""
	}
	return humanize.Duration(st.EndedAt.Sub(st.StartedAt))
}

// Outcome is where a finished boost left the namespace, in words: "back to
// on-demand (verified)", "nothing was changed", "left at 4 TRUs (last
// seen)"; "" while the boost runs.
func Outcome(st workflows.BoostStatus) string {
	switch st.Phase {
	case workflows.PhaseDone:
		switch {
		case st.EndReason == workflows.EndLeftAsIs && st.ExternalChange != nil:
			return "left at " + st.ExternalChange.Found.String() + " (changed outside the bot)"
		case st.DryRun:
			return "nothing was changed (dry run)"
		case st.Reverted && st.Before.Mode != "":
			return "back to " + st.Before.String() + " (verified)"
		case st.Request.Permanent && st.Verified:
			return st.Target.String() + " (verified), for good"
		case st.StartedAt.IsZero():
			return "nothing was changed"
		}
	case workflows.PhaseRefused:
		return "nothing was changed"
	case workflows.PhaseFailed:
		if st.Observed.Mode != "" {
			return "left at " + st.Observed.String() + " (last seen)"
		}
		return "unknown: check the namespace"
	}
	return ""
}

func mention(id string) string {
	if id == "" {
		return "someone"
	}
	return "<@" + id + ">"
}
