package slackbot

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
)

// TestHistoryCSV: every row, the shared header, unformatted numbers and
// RFC 3339 times, and a requester that looks like a formula defused.
func TestHistoryCSV(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	h := bot.HistoryReport{Now: now, Rows: []bot.HistoryRow{
		{Namespace: "orders.demo42", From: clients.Provisioned(2), To: clients.Provisioned(6), Requester: "=cmd",
			Start: now.Add(-time.Hour), End: now.Add(-30 * time.Minute), Outcome: bot.OutcomeRevertedEarly,
			Held: 30 * time.Minute, TRUHours: 3, TRUHoursAbove: 2, MinActions: 900_000, Money: 45},
		{Namespace: "search.demo42", To: clients.Provisioned(3), Start: now.Add(-time.Hour), Outcome: bot.OutcomeRunning, Scheduled: true},
	}}
	recs, err := csv.NewReader(strings.NewReader(string(HistoryCSV(h)))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 3 || strings.Join(recs[0], ",") != strings.Join(bot.HistoryHeader(), ",") {
		t.Fatalf("records %v, want the header and 2 rows", recs)
	}
	want := []string{"orders.demo42", "boost", "2 TRUs → 6 TRUs", "'=cmd", "", "2026-11-26T17:00:00Z", "2026-11-26T17:30:00Z",
		"reverted early", "0.5", "3", "2", "900000", "45"}
	if strings.Join(recs[1], "|") != strings.Join(want, "|") {
		t.Errorf("row 1 = %q, want %q", recs[1], want)
	}
	if recs[2][1] != "scheduled" || recs[2][6] != "" {
		t.Errorf("row 2 = %q, want a scheduled run with no end yet", recs[2])
	}
}
