package slackbot

import (
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// The report's recommendation column shows the action in words, as the
// console does, never the action's code.
func TestReportRecommendationInWords(t *testing.T) {
	for _, a := range []workflows.Action{workflows.ActionKeep, workflows.ActionSwitchProvision,
		workflows.ActionSwitchOnDemand, workflows.ActionAdd, workflows.ActionReduce, workflows.ActionUnknown} {
		t.Run(string(a), func(t *testing.T) {
			row := workflows.ReportRow{Namespace: "n.acct", Current: clients.Provisioned(4), Action: a, Recommended: clients.Provisioned(8)}
			got := reportCells(row, 0)[5]
			if got != bot.RecommendationWords(row) {
				t.Errorf("recommendation cell %q, want %q", got, bot.RecommendationWords(row))
			}
			if a != workflows.ActionKeep && a != workflows.ActionUnknown && strings.Contains(got, string(a)) {
				t.Errorf("recommendation cell %q shows the code %s", got, a)
			}
		})
	}
}
