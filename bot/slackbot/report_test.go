package slackbot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

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

// Counts printed with a noun agree with it, one or many.
func TestReportCountsAgree(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{1, "Capacity analysis: 1 namespace: "},
		{2, "Capacity analysis: 2 namespaces: "},
	}
	for _, tt := range tests {
		r := report(tt.n, 10)
		r.Simulated = false
		r.Summary.Namespaces = tt.n
		if got := RenderReport(r).Text; !strings.HasPrefix(got, tt.want) {
			t.Errorf("%d rows: text %q, want it to start with %q", tt.n, got, tt.want)
		}
	}
	r := report(1, 10)
	r.Warnings = []string{"a", "b", "c", "d", "e", "f"}
	raw := blocksJSON(t, RenderReport(r).Blocks)
	if !strings.Contains(raw, "…and 1 more warning") || strings.Contains(raw, "1 more warnings") {
		t.Errorf("six warnings: want \"…and 1 more warning\" in %s", raw)
	}
}

func TestStatusOverflowCountAgrees(t *testing.T) {
	many := make([]workflows.BoostStatus, maxStatusBoosts+1)
	for i := range many {
		many[i] = boostStatus(workflows.PhaseActive)
	}
	raw := blocksJSON(t, ReplyBlocks(bot.Reply{Text: "9 boosts", Status: many}))
	if !strings.Contains(raw, "…and 1 more boost;") {
		t.Errorf("one boost over the limit: want \"…and 1 more boost;\" in %s", raw)
	}
}

func blocksJSON(t *testing.T, blocks []slack.Block) string {
	t.Helper()
	raw, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// A namespace whose usage samples were unusable shows "unreadable" and the
// reason in the table and the CSV, never a zero that reads as idle.
func TestReportUnreadableUsage(t *testing.T) {
	const why = "Its current usage is unreadable (the Metrics API served a NaN value of temporal_cloud_v1_total_action_count), so nothing is recommended."
	row := workflows.ReportRow{Namespace: "n.acct", Current: clients.OnDemand(), APSLimit: 500, Action: workflows.ActionUnknown,
		UsageUnreadable: "the Metrics API served a NaN value of temporal_cloud_v1_total_action_count", Reason: why}
	cells := reportCells(row, 0)
	if cells[3] != bot.UsageUnreadable+" / 500" || cells[4] != "" || cells[6] != why {
		t.Errorf("cells %q, want usage %q, no throttled figure, the reason", cells, bot.UsageUnreadable+" / 500")
	}
	csv := string(bot.ReportCSV(workflows.AnalysisReport{Rows: []workflows.ReportRow{row}}))
	if !strings.Contains(csv, "n.acct,on-demand,0,,500,,") || !strings.Contains(csv, "NaN value") {
		t.Errorf("CSV row shows unreadable usage as a number:\n%s", csv)
	}
}
