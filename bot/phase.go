package bot

import (
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// PhaseWords says where a boost is ("active until Thu 26 Nov 16:00 UTC",
// "done, back to on-demand"), the one wording of a phase that the Slack root
// message and the console's boost line both show. Times are dated
// (humanize.Date) because a root message is read long after it is edited.
// A failure's or refusal's reason is not included: each adapter shows it
// where it fits (a separate block, the rest of the line).
func PhaseWords(st workflows.BoostStatus) string {
	end := st.End
	if end.IsZero() {
		end = st.Request.End
	}
	switch st.Phase {
	case workflows.PhaseWaiting:
		if !st.Request.Start.IsZero() {
			return "waiting to start at " + humanize.Date(st.Request.Start)
		}
		return "waiting to start"
	case workflows.PhaseActive:
		if end.IsZero() {
			return "active (no automatic revert)"
		}
		return "active until " + humanize.Date(end)
	case workflows.PhaseReverting:
		if st.Before.Mode != "" {
			return "reverting to " + st.Before.String()
		}
		return "reverting"
	case workflows.PhaseAwaitingApproval:
		return awaitingApprovalWords(st.Approval)
	case workflows.PhaseDeciding:
		if st.ExternalChange != nil {
			return "awaiting a decision: capacity changed outside the bot to " + st.ExternalChange.Found.String()
		}
		return "awaiting a decision: capacity changed outside the bot"
	case workflows.PhaseDone:
		if st.EndReason == workflows.EndLeftAsIs && st.ExternalChange != nil {
			return "done, left at " + st.ExternalChange.Found.String()
		}
		if st.StartedAt.IsZero() && (st.EndReason == workflows.EndCalledOff || st.EndReason == workflows.EndCancelled) {
			return "called off"
		}
		if st.EndReason == workflows.EndDenied {
			return "denied"
		}
		if st.EndReason == workflows.EndExpired {
			return "not approved in time"
		}
		if st.Reverted && st.Before.Mode != "" {
			return "done, back to " + st.Before.String()
		}
		if st.Request.Permanent && st.Verified {
			return "done, set to " + st.Target.String()
		}
		return "done"
	case "":
		return "unknown"
	}
	return string(st.Phase) // planned, applying, failed, refused
}

// awaitingApprovalWords says since when and by whom a boost waits for
// approval, and until when.
func awaitingApprovalWords(a *workflows.Approval) string {
	if a == nil {
		return "awaiting approval"
	}
	return "awaiting approval since " + humanize.Date(a.Requested) + ", requested by " + mention(a.Requester) +
		" (expires " + humanize.Date(a.Expires) + ")"
}
