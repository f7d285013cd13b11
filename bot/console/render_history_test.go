package console

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
)

// historyReport is a small history: a boost reverted early and a refused
// one, at $50 per million actions.
func historyReport() bot.HistoryReport {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	rows := []bot.HistoryRow{
		{Namespace: "orders.demo42", From: clients.Provisioned(2), To: clients.Provisioned(6), Requester: "alice",
			Start: now.Add(-4 * time.Hour), End: now.Add(-3*time.Hour - 30*time.Minute), Outcome: bot.OutcomeRevertedEarly,
			Held: 30 * time.Minute, TRUHours: 3, TRUHoursAbove: 2, MinActions: 900_000, Money: 45},
		{Namespace: "payments.demo42", From: clients.OnDemand(), To: clients.Provisioned(10), Requester: "bob",
			Start: now.Add(-5 * time.Hour), End: now.Add(-5 * time.Hour), Outcome: bot.OutcomeRefused},
	}
	total := bot.HistoryTotal{Runs: 2, Held: 30 * time.Minute, TRUHours: 3, TRUHoursAbove: 2, MinActions: 900_000, Money: 45}
	return bot.HistoryReport{Glob: "*", Since: now.Add(-30 * 24 * time.Hour), Now: now, Rows: rows, Retention: 90 * 24 * time.Hour,
		SearchAttributes: true, PricePerMillion: 50, Total: total,
		PerNamespace: []bot.HistoryTotal{{Namespace: "orders.demo42", Runs: 1, TRUHours: 3, TRUHoursAbove: 2, MinActions: 900_000, Money: 45},
			{Namespace: "payments.demo42", Runs: 1}}}
}

// TestRenderHistory lays the history out at a wide terminal (a table) and
// a narrow one (cards); every line fits.
func TestRenderHistory(t *testing.T) {
	for _, width := range []int{80, 200} {
		got := renderHistory(historyReport(), width)
		for _, line := range strings.Split(got, "\n") {
			if n := len([]rune(line)); n > width && !strings.HasPrefix(line, "Capacity history") && !strings.HasPrefix(line, "Temporal keeps") && !strings.HasPrefix(line, "• ") {
				t.Errorf("width %d: line of %d runes: %q", width, n, line)
			}
		}
		golden(t, "history_"+map[int]string{80: "narrow", 200: "wide"}[width], got)
	}
}
