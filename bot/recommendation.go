package bot

import "github.com/capacitybot/capacitybot/workflows"

// UsageUnreadable is shown in place of a namespace's current usage when the
// Metrics API's samples for it could not be used (the row's reason says why):
// never a zero that reads as idle.
const UsageUnreadable = "unreadable"

// RecommendationWords is a report row's recommended action in words
// ("switch to on-demand", "add → 8 TRUs"), never the action's code: the one
// wording every adapter's report shows.
func RecommendationWords(row workflows.ReportRow) string {
	switch row.Action {
	case workflows.ActionKeep:
		return "keep"
	case workflows.ActionSwitchProvision:
		return "provision " + row.Recommended.String()
	case workflows.ActionSwitchOnDemand:
		return "switch to on-demand"
	case workflows.ActionAdd:
		return "add → " + row.Recommended.String()
	case workflows.ActionReduce:
		return "reduce → " + row.Recommended.String()
	default:
		return "unknown"
	}
}
