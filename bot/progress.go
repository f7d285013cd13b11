package bot

import (
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// AnalysisProgressText is the analysis' progress message, in Slack and on
// the console: how many namespaces are read, then that the report follows.
func AnalysisProgressText(p workflows.AnalysisProgress) string {
	if p.Done() {
		return "Analysis: read all " + humanize.Count(float64(p.Total)) + " namespaces; the report follows."
	}
	return "Analysis: read " + humanize.Count(float64(p.Read)) + " of " + humanize.Count(float64(p.Total)) + " namespaces…"
}
