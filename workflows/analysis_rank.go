package workflows

import (
	"cmp"
	"math"
	"strings"
)

// ReportOrder ranks report rows, the one order of every report (a report
// too large to show whole leads with its first rows): changes to
// make first, then unreadable namespaces, then those to keep; within a group
// the riskiest first (throttled now, then closest to its limit), then the
// largest change of capacity (what it costs or saves), then by name.
func ReportOrder(x, y ReportRow) int {
	return cmp.Or(
		cmp.Compare(analysisRank(x.Action), analysisRank(y.Action)),
		cmp.Compare(y.ThrottledPerSec, x.ThrottledPerSec),
		cmp.Compare(analysisLoad(y), analysisLoad(x)),
		cmp.Compare(analysisTRUChange(y), analysisTRUChange(x)),
		strings.Compare(x.Namespace, y.Namespace),
	)
}

// analysisLoad is the share of its limit a namespace uses now (0 unknown).
func analysisLoad(r ReportRow) float64 {
	if r.APSLimit <= 0 || r.UsageUnreadable != "" {
		return 0
	}
	return r.APS / r.APSLimit
}

// analysisTRUChange is how many TRUs the recommendation adds or removes.
func analysisTRUChange(r ReportRow) float64 {
	return math.Abs(r.Recommended.TRUs - r.Current.TRUs)
}

// analysisRank orders rows: changes to make first, then unreadable
// namespaces, then those to keep.
func analysisRank(a Action) int {
	switch a {
	case ActionKeep:
		return 2
	case ActionUnknown:
		return 1
	default:
		return 0
	}
}
