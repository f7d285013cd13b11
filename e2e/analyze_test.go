package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
)

// tableRows returns the first cell of every row of the message's table
// block, as JSON text (the header row included).
func tableRows(t *testing.T, c fakeslack.Call) []string {
	t.Helper()
	var blocks []struct {
		Type string              `json:"type"`
		Rows [][]json.RawMessage `json:"rows"`
	}
	if err := json.Unmarshal(c.Blocks(), &blocks); err != nil {
		t.Fatalf("decoding report blocks %s: %v", c.Blocks(), err)
	}
	for _, b := range blocks {
		if b.Type != "table" {
			continue
		}
		var firsts []string
		for _, row := range b.Rows {
			if len(row) > 0 {
				firsts = append(firsts, string(row[0]))
			}
		}
		return firsts
	}
	return nil
}

func isReport(c fakeslack.Call) bool {
	return c.Method == "chat.postMessage" && c.Param("channel") == channel &&
		strings.Contains(string(c.Blocks()), `"type":"table"`)
}

func TestAnalyzePostsReportWithEveryNamespace(t *testing.T) {
	e := newEnv(t)

	id := e.command(allowed, "analyze", "trig-analyze")
	a := e.ack(id, "/capacity analyze")
	t.Logf("analyze acked in %s", a.Latency)
	e.ephemeralTo(0, allowed, "nalyz")

	report := e.waitCall(0, wait, "analysis report in the channel", isReport)
	if !strings.Contains(report.Param("text")+string(report.Blocks()), "SIMULATED") {
		t.Errorf("report is not marked SIMULATED: text %q blocks %s", report.Param("text"), report.Blocks())
	}
	rows := tableRows(t, report)
	for _, ns := range testworld.DemoNamespaces() {
		n := 0
		for _, r := range rows {
			if strings.Contains(r, ns) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("namespace %s is in %d table rows, want 1; rows: %v", ns, n, rows)
		}
	}
	if want := len(testworld.DemoNamespaces()) + 1; len(rows) != want {
		t.Errorf("table has %d rows, want %d (a header and one per namespace)", len(rows), want)
	}
}
