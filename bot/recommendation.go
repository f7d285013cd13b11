package bot

import "github.com/capacitybot/capacitybot/workflows"

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
