package console

import (
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// A namespace whose usage samples were unusable shows "unreadable", never a
// zero that reads as idle.
func TestReportCellsUnreadableUsage(t *testing.T) {
	row := workflows.ReportRow{Namespace: "n.acct", Current: clients.OnDemand(), APSLimit: 500, Action: workflows.ActionUnknown,
		UsageUnreadable: "the Metrics API served a NaN value of temporal_cloud_v1_total_action_count",
		Reason:          "Its current usage is unreadable (NaN), so nothing is recommended."}
	cells := reportCells(row, 0)
	if cells[3] != bot.UsageUnreadable+"/500" || cells[4] != "-" || !strings.Contains(cells[7], "unreadable") {
		t.Errorf("cells %q, want usage %q, no throttled figure, the reason", cells, bot.UsageUnreadable+"/500")
	}
}
