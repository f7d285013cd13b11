package slackbot

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

// tenantNamespaces is the size of a namespace-per-tenant account.
const tenantNamespaces = 10000

// tenantReport is the report of an account of n namespaces with a tenant's
// spread: most to keep, one in 97 throttled and needing TRUs, a quarter
// provisioned of which most are over-provisioned, one in 1,000 unreadable;
// in the report's order, as the analysis posts it.
func tenantReport(n int) workflows.AnalysisReport {
	rows := make([]workflows.ReportRow, 0, n)
	var sum workflows.ReportSummary
	for i := range n {
		row := workflows.ReportRow{
			Namespace: fmt.Sprintf("tenant-%05d.acct", i), Current: clients.OnDemand(),
			APS: float64(i % 50), APSLimit: 500, Stats: clients.APSStats{Mean: float64(i % 40), P90: float64(i % 60), P99: float64(i % 90)},
			Recommended: clients.OnDemand(), Action: workflows.ActionKeep,
			Reason: "The 7-day p99 fits the on-demand limit with headroom.",
		}
		switch {
		case i%1000 == 999:
			row.Current, row.Recommended, row.Action = clients.Capacity{Mode: clients.ModeUnknown}, clients.Capacity{Mode: clients.ModeUnknown}, workflows.ActionUnknown
			row.APS, row.APSLimit, row.Error = 0, 0, "reading capacity of "+row.Namespace+": GetNamespace: permission"
			row.Reason = "Its capacity could not be read, so nothing is recommended."
			sum.Unknown++
		case i%97 == 0:
			row.APS, row.ThrottledPerSec = 1200, float64(1+i%30)
			row.Recommended, row.Action = clients.Provisioned(float64(4+2*(i%3))), workflows.ActionSwitchProvision
			row.MinActionsPerHour = (row.Recommended.TRUs - 1) * 360000
			row.Reason = "Throttled now and the 7-day p99 of 1,400 APS is over the on-demand limit: provision for it."
			sum.Switch++
		case i%4 == 0:
			trus := float64(2 + i%10)
			row.Current, row.APSLimit = clients.Provisioned(trus), trus*500
			if i%3 == 0 {
				row.Recommended, row.Action = clients.OnDemand(), workflows.ActionSwitchOnDemand
				row.Reason = "The 7-day p99 fits on demand: provisioned capacity is paid for and unused."
				sum.Switch++
			} else {
				row.Recommended, row.Action = clients.Provisioned(2), workflows.ActionReduce
				row.Reason = "The 7-day p99 needs 2 TRUs; the rest is paid for and unused."
				if trus <= 2 {
					row.Recommended, row.Action = row.Current, workflows.ActionKeep
				}
				if row.Action == workflows.ActionReduce {
					sum.Reduce++
				}
			}
			row.MinActionsPerHour = (row.Recommended.TRUs - 1) * 360000
		}
		if row.Action == workflows.ActionKeep {
			sum.Keep++
		}
		rows = append(rows, row)
	}
	sum.Namespaces = n
	slices.SortFunc(rows, workflows.ReportOrder)
	return workflows.AnalysisReport{
		GeneratedAt: t0, Rows: rows, Summary: sum, Simulated: true, Requester: "U123",
		Warnings: []string{"The Metrics API returned incomplete data (X-Completeness: limited); some namespaces may show no current usage."},
	}
}

// TestTenantReport posts the report of 10,000 namespaces: the message leads
// with the summary and the rows that need action (testdata/report_tenants
// .golden.json, checked with the other payloads), and every row is in the
// CSV in its thread, whose head is testdata/report_tenants_csv_head.golden.csv.
func TestTenantReport(t *testing.T) {
	r := tenantReport(tenantNamespaces)
	n, fs, _ := newNotifier(t, "")
	if err := n.PostReport(context.Background(), "C5", r); err != nil {
		t.Fatal(err)
	}
	msg, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "C5"})
	if err != nil {
		t.Fatal(err)
	}
	blocks := string(msg.Blocks())
	for _, want := range []string{"10000 namespaces: ", "that need action most; all 10000 namespaces are in the attached CSV", `"action_id":"report_apply"`} {
		if !strings.Contains(blocks, want) {
			t.Errorf("message lacks %q", want)
		}
	}
	if strings.Contains(blocks, `"text":"keep"`) {
		t.Error("the table shows a row to keep while rows that need action were left out")
	}
	var csv []byte
	for _, c := range fs.CallsTo("upload") {
		if b, ok := fs.Upload(c.Param("file_id")); ok {
			csv = b
		}
	}
	lines := strings.SplitAfter(string(csv), "\n")
	if got := strings.Count(string(csv), "\n"); got != tenantNamespaces+1 {
		t.Fatalf("CSV has %d lines, want %d", got, tenantNamespaces+1)
	}
	head := []byte(strings.Join(lines[:12], ""))
	path := filepath.Join("testdata", "report_tenants_csv_head.golden.csv")
	if *update {
		if err := os.WriteFile(path, head, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden (run go test ./bot/slackbot -update): %v", err)
	}
	if !bytes.Equal(head, want) {
		t.Errorf("the CSV's head differs from %s; if intended, run go test ./bot/slackbot -update\ngot:\n%s", path, head)
	}
}
