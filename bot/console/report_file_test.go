package console

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// tenantReport is a namespace-per-tenant account of n namespaces: most to
// keep, one in 97 throttled and to provision, one in 8 over-provisioned,
// one in 1,000 unreadable; in the report's order.
func tenantReport(n int) workflows.AnalysisReport {
	r := workflows.AnalysisReport{GeneratedAt: t0, Simulated: true, Requester: "U1"}
	for i := range n {
		row := workflows.ReportRow{Namespace: fmt.Sprintf("tenant-%05d.acct", i), Current: clients.OnDemand(), APS: float64(i % 50),
			APSLimit: 500, Stats: clients.APSStats{P90: float64(i % 60), P99: float64(i % 90)}, Recommended: clients.OnDemand(),
			Action: workflows.ActionKeep, Reason: "fits on demand"}
		switch {
		case i%1000 == 999:
			row = workflows.ReportRow{Namespace: row.Namespace, Current: clients.Capacity{Mode: clients.ModeUnknown},
				Action: workflows.ActionUnknown, Error: "GetNamespace: permission denied"}
			r.Summary.Unknown++
		case i%97 == 0:
			row.APS, row.ThrottledPerSec = 1200, float64(1+i%30)
			row.Recommended, row.Action, row.Reason = clients.Provisioned(float64(4+2*(i%3))), workflows.ActionSwitchProvision, "throttled; p99 above the on-demand limit"
			row.MinActionsPerHour = (row.Recommended.TRUs - 1) * 360000
			r.Summary.Switch++
		case i%8 == 0:
			row.Current, row.APSLimit = clients.Provisioned(6), 3000
			row.Recommended, row.Action, row.Reason = clients.Provisioned(2), workflows.ActionReduce, "p99 needs 2 TRUs"
			row.MinActionsPerHour = 360000
			r.Summary.Reduce++
		default:
			r.Summary.Keep++
		}
		r.Rows = append(r.Rows, row)
	}
	r.Summary.Namespaces = n
	slices.SortFunc(r.Rows, workflows.ReportOrder)
	return r
}

// TestConsoleLargeReport prints the report of 10,000 namespaces: the summary
// and the rows that need action most (testdata/report_tenants.golden), and
// a CSV file of every row, whose path it prints.
func TestConsoleLargeReport(t *testing.T) {
	const n = 10000
	dir := t.TempDir()
	var out bytes.Buffer
	c := New(Options{Out: &out, ReportDir: dir, Width: 100})
	if err := c.Notifier().PostReport(context.Background(), "console", tenantReport(n)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "capacity-report-20261126-1800.csv")
	printed := out.String()
	if !strings.Contains(printed, path) {
		t.Errorf("the report does not name its CSV %s", path)
	}
	golden(t, "report_tenants", strings.ReplaceAll(printed, dir, "<REPORT_DIR>"))
	csv, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the report's CSV: %v", err)
	}
	if lines := strings.Count(string(csv), "\n"); lines != n+1 {
		t.Errorf("CSV has %d lines, want %d", lines, n+1)
	}
}
