package bot

import (
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// Applying a capacity report's recommendation: the wording every adapter
// shares, so the Slack report's Apply button and the console's printed
// command ask for the same change with the same reason.

// Applicable reports whether a report row recommends a change that
// /capacity set (or the row's Apply button) can make.
func Applicable(row workflows.ReportRow) bool {
	return row.Error == "" && row.Action.Changes() && (row.Recommended.Mode == clients.ModeOnDemand ||
		(row.Recommended.Mode == clients.ModeProvisioned && row.Recommended.TRUs > 0))
}

// ReportReason is the reason a change applied from a report carries.
func ReportReason(generated time.Time) string {
	if generated.IsZero() {
		return "from the capacity report"
	}
	return "from the capacity report of " + generated.UTC().Format("2006-01-02 15:04 UTC")
}

// CapacityArg is a capacity as /capacity set takes it: "on-demand" or a
// number of TRUs.
func CapacityArg(c clients.Capacity) string {
	if c.Mode == clients.ModeOnDemand {
		return onDemandWord
	}
	return humanize.Number(c.TRUs)
}

// SetCommand is the /capacity set command that applies a report row's
// recommendation; "" when the row recommends no change.
func SetCommand(row workflows.ReportRow, generated time.Time) string {
	if !Applicable(row) {
		return ""
	}
	return "/capacity set " + row.Namespace + " " + CapacityArg(row.Recommended) + " " + ReportReason(generated)
}

// ReportRowWords is what a report row shows once the change its Apply button
// asked for has ended: "applied by <@U1> at 14:05", or the failure. at is
// the end time as the adapter writes times.
func ReportRowWords(st workflows.BoostStatus, at string) string {
	who := mention(st.Request.Requester)
	switch {
	case st.DryRun:
		return "dry run by " + who + " at " + at + ": nothing was changed"
	case st.Phase == workflows.PhaseDone && st.Verified:
		return "applied by " + who + " at " + at + ": now " + st.Target.String() + " (verified)"
	case st.Phase == workflows.PhaseRefused:
		return "refused for " + who + " at " + at + ": " + humanize.Clip(st.Error, 300)
	case st.Phase == workflows.PhaseFailed:
		return "failed for " + who + " at " + at + ": " + Outcome(st)
	}
	return string(st.Phase) + " for " + who + " at " + at
}
