package workflows

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// analysisSample is a gathered account covering every kind of row.
func analysisSample() (GatherResult, clients.UsageSnapshot) {
	tiers := []float64{2, 3, 4, 6, 8, 10, 12}
	ns := func(name string, c clients.Capacity, mean, p90, p99 float64) NamespaceResult {
		return NamespaceResult{
			Namespace: name,
			Capacity:  clients.NamespaceCapacity{Namespace: name, Current: c, APSLimit: max(c.TRUs*500, 500)},
			Info: clients.CapacityInfo{
				Namespace: name, Current: c, ValidTRUs: tiers, MaxAvailableTRUs: 12, OnDemandAPSLimit: 500,
				APS: clients.APSStats{Mean: mean, P90: p90, P99: p99},
			},
		}
	}
	moving := ns("moving.acct", clients.Provisioned(2), 100, 150, 900)
	moving.Capacity.LatestRequest = &clients.CapacityRequest{State: clients.RequestInProgress, Target: clients.Provisioned(3)}
	gathered := GatherResult{
		Namespaces: []NamespaceResult{
			ns("steady.acct", clients.OnDemand(), 50, 80, 100),
			ns("heavy.acct", clients.OnDemand(), 900, 1100, 1200),
			ns("idle.acct", clients.Provisioned(4), 5, 8, 10),
			{Namespace: "broken.acct", Error: "reading capacity of broken.acct: GetNamespace broken.acct: permission"},
			ns("quiet.acct", clients.OnDemand(), 1, 2, 3),
			ns("big.acct", clients.Provisioned(2), 700, 900, 950),
			moving,
		},
		Listed:    []string{"big.acct", "broken.acct", "heavy.acct", "idle.acct", "moving.acct", "quiet.acct", "steady.acct", "denied.acct"},
		Warnings:  []string{`no allowed namespace matches "zzz*"`},
		Simulated: true,
	}
	usage := clients.UsageSnapshot{
		Completeness: "limited",
		Namespaces: map[string]clients.NamespaceUsage{
			"heavy":       {Namespace: "heavy", ActionsPerSecond: 1000, ActionLimit: 500, ThrottledPerSecond: 20}, // bare-name label
			"idle.acct":   {Namespace: "idle.acct", ActionsPerSecond: 4},
			"steady.acct": {Namespace: "steady.acct", ActionsPerSecond: 60},
			"big.acct":    {Namespace: "big.acct", ActionsPerSecond: 800},
			"moving.acct": {Namespace: "moving.acct", ActionsPerSecond: 120},
			"denied":      {Namespace: "denied", ActionsPerSecond: 1}, // in Cloud Ops, not selected
			"ghost.acct":  {Namespace: "ghost.acct", ActionsPerSecond: 3},
			"phantom":     {Namespace: "phantom", ActionsPerSecond: 3},
		},
	}
	return gathered, usage
}

func TestBuildAnalysisReport(t *testing.T) {
	gathered, usage := analysisSample()
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	req := AnalysisRequest{Requester: "U1", Channel: "C1"}
	report := buildAnalysisReport(analysisReportInput{Request: req, Gathered: gathered, Usage: usage, Now: now})

	var order []string
	rows := map[string]ReportRow{}
	for _, r := range report.Rows {
		order = append(order, r.Namespace)
		rows[r.Namespace] = r
	}
	// Changes first, then unreadable, then keeps; within each the throttled
	// first, then by the share of the limit used now.
	wantOrder := []string{"heavy.acct", "big.acct", "moving.acct", "idle.acct", "broken.acct", "steady.acct", "quiet.acct"}
	if !slices.Equal(order, wantOrder) {
		t.Errorf("order %v, want %v", order, wantOrder)
	}
	wantActions := map[string]Action{
		"big.acct": ActionAdd, "heavy.acct": ActionSwitchProvision, "idle.acct": ActionSwitchOnDemand,
		"moving.acct": ActionAdd, "broken.acct": ActionUnknown, "quiet.acct": ActionKeep, "steady.acct": ActionKeep,
	}
	for ns, want := range wantActions {
		if got := rows[ns].Action; got != want {
			t.Errorf("%s: action %s, want %s (%s)", ns, got, want, rows[ns].Reason)
		}
	}
	want := ReportSummary{Namespaces: 7, Switch: 2, Add: 2, Keep: 2, Unknown: 1}
	if report.Summary != want {
		t.Errorf("summary %+v, want %+v", report.Summary, want)
	}

	heavy := rows["heavy.acct"]
	if heavy.APS != 1000 || heavy.ThrottledPerSec != 20 || heavy.APSLimit != 500 {
		t.Errorf("heavy usage not joined by bare name: %+v", heavy)
	}
	if broken := rows["broken.acct"]; broken.Error == "" || broken.Current.Mode != clients.ModeUnknown || broken.Recommended.Mode != clients.ModeUnknown {
		t.Errorf("broken row %+v, want unknown modes and an error", broken)
	}
	if q := rows["quiet.acct"]; q.APS != 0 || !strings.Contains(q.Reason, "No usage") {
		t.Errorf("quiet row %+v, want zero usage and a note", q)
	}
	if m := rows["moving.acct"]; !strings.Contains(m.Reason, "change to 3 TRUs is still in progress") {
		t.Errorf("moving row reason %q lacks the in-progress note", m.Reason)
	}
	if b := rows["big.acct"]; b.MinActionsPerHour != costFloor(b.Recommended) || b.MinActionsPerHour == 0 {
		t.Errorf("big row floor %v for %s", b.MinActionsPerHour, b.Recommended)
	}

	if !report.Simulated || !report.GeneratedAt.Equal(now) || report.Requester != "U1" {
		t.Errorf("report header %+v", report)
	}
	joined := strings.Join(report.Warnings, "\n")
	for _, frag := range []string{`"zzz*"`, "X-Completeness: limited", "2 namespaces in the Metrics API are not in Cloud Ops and were ignored", "ghost.acct, phantom"} {
		if !strings.Contains(joined, frag) {
			t.Errorf("warnings lack %q:\n%s", frag, joined)
		}
	}
	if strings.Contains(joined, "denied") {
		t.Errorf("a namespace Cloud Ops knows was reported as missing:\n%s", joined)
	}
}

func TestBuildAnalysisReportWithoutUsage(t *testing.T) {
	gathered, _ := analysisSample()
	report := buildAnalysisReport(analysisReportInput{Gathered: gathered, UsageErr: "rate limited"})
	joined := strings.Join(report.Warnings, "\n")
	if !strings.Contains(joined, "Metrics API could not be read (rate limited)") {
		t.Errorf("warnings lack the usage failure:\n%s", joined)
	}
	for _, r := range report.Rows {
		if strings.Contains(r.Reason, "No usage") {
			t.Errorf("%s: per-row note repeated although usage failed as a whole", r.Namespace)
		}
	}
	// Without usage, big.acct is still sized on its 7-day p99 of 950 APS.
	for _, r := range report.Rows {
		if r.Namespace == "big.acct" && r.Action != ActionAdd {
			t.Errorf("big.acct: %s, want add-trus from 7-day stats", r.Action)
		}
	}
}

func TestBuildAnalysisReportGlobsLimitOrphanWarning(t *testing.T) {
	gathered, usage := analysisSample()
	report := buildAnalysisReport(analysisReportInput{
		Request: AnalysisRequest{Globs: []string{"ghost"}}, Gathered: gathered, Usage: usage,
	})
	joined := strings.Join(report.Warnings, "\n")
	if !strings.Contains(joined, "1 namespace in the Metrics API is not in Cloud Ops and was ignored") || strings.Contains(joined, "phantom") {
		t.Errorf("orphan warning not limited to the requested globs:\n%s", joined)
	}
}

func TestAnalysisNameList(t *testing.T) {
	var names []string
	for i := range 12 {
		names = append(names, string(rune('a'+i)))
	}
	if got := analysisNameList(names); got != "a, b, c, d, e, f, g, h, i, j and 2 more" {
		t.Errorf("analysisNameList = %q", got)
	}
	if got := analysisNameList(names[:2]); got != "a, b" {
		t.Errorf("analysisNameList = %q", got)
	}
}

// TestBuildAnalysisReportLabelForms builds the report from the same usage
// labelled by namespace ID and by bare name: the rows are the same, and a
// label value naming no namespace is one warning, not a row.
func TestBuildAnalysisReportLabelForms(t *testing.T) {
	gathered, usage := analysisSample()
	relabel := func(label func(id string) string) clients.UsageSnapshot {
		out := clients.UsageSnapshot{Completeness: "complete", Namespaces: map[string]clients.NamespaceUsage{}}
		for _, u := range usage.Namespaces {
			l := u.Namespace
			if !strings.HasPrefix(l, "ghost") && l != "phantom" {
				l = label(strings.TrimSuffix(l, ".acct") + ".acct")
			}
			u.Namespace = l
			out.Namespaces[l] = u
		}
		return out
	}
	byID := buildAnalysisReport(analysisReportInput{Gathered: gathered, Usage: relabel(func(id string) string { return id })})
	byName := buildAnalysisReport(analysisReportInput{Gathered: gathered, Usage: relabel(func(id string) string { return strings.TrimSuffix(id, ".acct") })})
	if !slices.EqualFunc(byID.Rows, byName.Rows, func(x, y ReportRow) bool { return x == y }) {
		t.Errorf("rows differ by label form:\nID:   %+v\nname: %+v", byID.Rows, byName.Rows)
	}
	for _, r := range byName.Rows {
		if r.Namespace == "heavy.acct" && r.APS != 1000 {
			t.Errorf("heavy.acct APS %v under bare-name labels, want 1000", r.APS)
		}
	}
	for _, rep := range []AnalysisReport{byID, byName} {
		joined := strings.Join(rep.Warnings, "\n")
		if strings.Count(joined, "ghost.acct, phantom") != 1 {
			t.Errorf("unmapped labels not warned exactly once:\n%s", joined)
		}
	}
}

// TestBuildAnalysisReportUnreadableUsage shows a namespace whose samples
// were NaN as unreadable with the reason, never as zero usage.
func TestBuildAnalysisReportUnreadableUsage(t *testing.T) {
	gathered, usage := analysisSample()
	const why = "the Metrics API served a NaN value of temporal_cloud_v1_total_action_count"
	usage.Namespaces["steady.acct"] = clients.NamespaceUsage{Namespace: "steady.acct", Unreadable: why}
	report := buildAnalysisReport(analysisReportInput{Gathered: gathered, Usage: usage})
	for _, r := range report.Rows {
		if r.Namespace != "steady.acct" {
			continue
		}
		if r.UsageUnreadable != why || r.Action != ActionUnknown || !strings.Contains(r.Reason, why) || strings.Contains(r.Reason, "taken as 0") {
			t.Errorf("steady.acct row %+v, want unreadable with the reason and no recommendation", r)
		}
		if r.Current.Mode != clients.ModeOnDemand {
			t.Errorf("steady.acct current capacity %v lost, want on-demand from Cloud Ops", r.Current)
		}
		return
	}
	t.Fatal("steady.acct row missing")
}
