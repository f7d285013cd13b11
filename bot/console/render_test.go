package console

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var t0 = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

// golden compares got with testdata/name.golden (or rewrites it with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		t.Fatalf("%s differs from the golden file\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func boostStatus(phase workflows.BoostPhase) workflows.BoostStatus {
	return workflows.BoostStatus{
		Request: workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4, End: t0.Add(2 * time.Hour),
			Requester: "U1", Reason: "Black Friday\nlaunch", Channel: "C1"},
		Phase:      phase,
		Before:     clients.OnDemand(),
		Target:     clients.Provisioned(4),
		End:        t0.Add(2 * time.Hour),
		WorkflowID: "capacity-boost-payments.demo42",
	}
}

func TestRenderRootGolden(t *testing.T) {
	var lines []string
	for _, p := range []workflows.BoostPhase{workflows.PhasePlanned, workflows.PhaseWaiting, workflows.PhaseApplying,
		workflows.PhaseActive, workflows.PhaseReverting, workflows.PhaseDone, workflows.PhaseFailed, workflows.PhaseRefused} {
		st := boostStatus(p)
		switch p {
		case workflows.PhaseWaiting:
			st.Request.Start = t0.Add(30 * time.Minute)
		case workflows.PhaseDone:
			st.Reverted = true
		case workflows.PhaseFailed:
			st.Error = "revert not verified: capacity is still 4 TRUs"
		case workflows.PhaseRefused:
			st.Message = "A capacity change for payments.demo42 is already in progress."
		}
		lines = append(lines, renderRoot(st, p != workflows.PhasePlanned))
	}
	noEnd := boostStatus(workflows.PhaseActive)
	noEnd.End, noEnd.Request.End, noEnd.Request.Reason = time.Time{}, time.Time{}, ""
	lines = append(lines, renderRoot(noEnd, true))
	tomorrow := boostStatus(workflows.PhaseActive)
	tomorrow.End = t0.Add(20 * time.Hour)
	tomorrow.Simulated, tomorrow.DryRun = true, true
	lines = append(lines, renderRoot(tomorrow, true))
	early := boostStatus(workflows.PhaseDone)
	early.Reverted, early.StartedAt, early.EndedAt = true, t0, t0.Add(40*time.Minute)
	early.EndReason, early.EndedBy = workflows.EndRevertedEarly, "U2"
	lines = append(lines, renderRoot(early, true))
	// A capacity changed outside the bot: waiting, reverted anyway, left.
	found := &workflows.ExternalChange{Found: clients.Provisioned(6), DetectedAt: t0.Add(2 * time.Hour), DecideBy: t0.Add(3 * time.Hour)}
	deciding := boostStatus(workflows.PhaseDeciding)
	deciding.StartedAt, deciding.ExternalChange = t0, found
	anyway := boostStatus(workflows.PhaseDone)
	anyway.Reverted, anyway.StartedAt, anyway.EndedAt = true, t0, t0.Add(2*time.Hour+10*time.Minute)
	anyway.EndReason, anyway.EndedBy = workflows.EndRevertedAnyway, "U2"
	left := boostStatus(workflows.PhaseDone)
	left.StartedAt, left.EndedAt, left.EndReason = t0, t0.Add(3*time.Hour), workflows.EndLeftAsIs
	timedOut := *found
	timedOut.Decision, timedOut.TimedOut = workflows.DecisionLeaveAsIs, true
	left.ExternalChange = &timedOut
	lines = append(lines, renderRoot(deciding, true), renderRoot(anyway, true), renderRoot(left, true))
	golden(t, "root", strings.Join(lines, "\n")+"\n")
}

func TestRenderStepsAndAlertsGolden(t *testing.T) {
	st := boostStatus(workflows.PhaseActive)
	lines := []string{
		renderStep(st, workflows.Step{Phase: workflows.PhaseApplying, Severity: workflows.SeverityInfo, Text: "Applying 4 TRUs (was on-demand).", At: t0.Add(5 * time.Second)}),
		renderStep(st, workflows.Step{Phase: workflows.PhaseActive, Severity: workflows.SeverityWarning, Text: "Reminder: the boost ends in 15m.\nExtend it with the button.", At: t0.Add(time.Hour)}),
		renderStep(st, workflows.Step{Phase: workflows.PhaseFailed, Severity: workflows.SeverityError, Text: "Revert failed; retrying."}),
		renderAlert(workflows.Alert{Namespace: "payments.demo42", Requester: "U1", Severity: workflows.SeverityError,
			Title: "Boost revert failed", Text: "The revert of payments.demo42 to on-demand failed:\nrate limited", WorkflowID: "capacity-boost-payments.demo42", Simulated: true}),
		renderAlert(workflows.Alert{Severity: workflows.SeverityWarning, Title: "Metrics incomplete"}),
	}
	// A capacity changed outside the bot: the choice is offered as commands.
	outside := &workflows.ExternalChange{Found: clients.Provisioned(6), DetectedAt: t0.Add(2 * time.Hour), DecideBy: t0.Add(3 * time.Hour)}
	asking := "payments.demo42 was found at 6 TRUs instead of the boost's 4 TRUs: its capacity was changed outside the bot during the boost. Revert it anyway, or leave it as is?"
	lines = append(lines,
		renderStep(st, workflows.Step{Phase: workflows.PhaseDeciding, Severity: workflows.SeverityWarning, Text: asking, At: t0.Add(2 * time.Hour), ExternalChange: outside}),
		renderAlert(workflows.Alert{Namespace: "payments.demo42", Requester: "U1", Severity: workflows.SeverityWarning,
			Title: "Capacity of payments.demo42 changed outside the bot during its boost", Text: asking, ExternalChange: outside}))
	golden(t, "steps_alerts", strings.Join(lines, "\n")+"\n")
}

func testReport() workflows.AnalysisReport {
	return workflows.AnalysisReport{
		GeneratedAt: t0,
		Simulated:   true,
		Requester:   "U1",
		Globs:       []string{"*.demo42"},
		Summary:     workflows.ReportSummary{Namespaces: 4, Switch: 1, Add: 1, Keep: 1, Unknown: 1},
		Rows: []workflows.ReportRow{
			{Namespace: "payments.demo42", Current: clients.OnDemand(), APS: 812.4, APSLimit: 1000, ThrottledPerSec: 3.25,
				Stats: clients.APSStats{Mean: 600, P90: 900, P99: 1450}, Recommended: clients.Provisioned(4), Action: workflows.ActionSwitchProvision,
				Reason: "p99 1450 APS is above the on-demand limit; 4 TRUs give 2000 APS", MinActionsPerHour: 1.08e6},
			{Namespace: "orders.demo42", Current: clients.Provisioned(2), APS: 950, APSLimit: 1000, Stats: clients.APSStats{P90: 990, P99: 1200},
				Recommended: clients.Provisioned(3), Action: workflows.ActionAdd, Reason: "p99 above 2 TRUs", MinActionsPerHour: 720000},
			{Namespace: "search.demo42", Current: clients.OnDemand(), APS: 2.5, APSLimit: 500, Stats: clients.APSStats{P90: 4, P99: 9.5},
				Recommended: clients.OnDemand(), Action: workflows.ActionKeep, Reason: "low usage"},
			{Namespace: "broken.demo42", Current: clients.Capacity{Mode: clients.ModeUnknown}, Action: workflows.ActionUnknown, Error: "GetNamespace: permission denied"},
		},
		Warnings: []string{"Metrics API answered with X-Completeness: partial"},
	}
}

func TestRenderReportGolden(t *testing.T) {
	golden(t, "report", renderReport(testReport(), defaultWidth, "")+"\n")
	// The WHY column wraps to what the other columns leave of the width;
	// the other columns stay aligned; where they leave it less than
	// minWrapWidth (80), each row becomes a card. Every line fits, except
	// the `set` commands, which are kept whole so they can be copied.
	for _, width := range []int{80, 160} {
		out := renderReport(testReport(), width, "")
		golden(t, fmt.Sprintf("report_width_%d", width), out+"\n")
		for _, line := range strings.Split(out, "\n") {
			if n := utf8.RuneCountInString(line); n > width && !strings.HasPrefix(line, "  /capacity set ") {
				t.Errorf("a line of %d characters at width %d: %q", n, width, line)
			}
		}
	}
	empty := workflows.AnalysisReport{GeneratedAt: t0}
	golden(t, "report_empty", renderReport(empty, 100, "")+"\n")
}

func TestPlainText(t *testing.T) {
	tests := map[string]string{
		"by <@U1>: launch":            "by @U1: launch",
		"see <#C1|ops>":               "see #ops",
		"<!here> look":                "@here look",
		"<https://x.example|the doc>": "the doc",
		"no markup":                   "no markup",
		"boost <namespace> <TRUs>":    "boost <namespace> <TRUs>",
		"<analyze|boost|help>":        "<analyze|boost|help>",
		"<mailto:a@b.c>":              "mailto:a@b.c",
	}
	for in, want := range tests {
		if got := plainText(in); got != want {
			t.Errorf("plainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestStripCommand(t *testing.T) {
	tests := map[string]string{
		"/capacity status":    "status",
		"  /CAPACITY  boost ": "boost",
		"/capacity":           "",
		"status":              "status",
		"/capacityx status":   "/capacityx status",
	}
	for in, want := range tests {
		if got := stripCommand(in); got != want {
			t.Errorf("stripCommand(%q) = %q, want %q", in, got, want)
		}
	}
}
