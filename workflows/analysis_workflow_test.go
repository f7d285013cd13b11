package workflows

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// analysisWorkflowEnv registers the workflow and the activities of a (whose
// clients may be nil when every activity is mocked), pinned to the analysis
// before analysisPagedVersion, which runs started before it still take.
func analysisWorkflowEnv(t *testing.T, a *Activities) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	return analysisVersionEnv(t, a, workflow.DefaultVersion)
}

// analysisVersionEnv registers the workflow and every analysis activity of
// a, and makes the run take version v of analysisPagedVersion. The pages are
// read back by querying the test run, as the worker's client would.
func analysisVersionEnv(t *testing.T, a *Activities, v workflow.Version) *testsuite.TestWorkflowEnvironment {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(AnalysisWorkflow, workflow.RegisterOptions{Name: AnalysisWorkflowName})
	env.RegisterActivityWithOptions(a.GatherUsage, activity.RegisterOptions{Name: ActivityGatherUsage})
	env.RegisterActivityWithOptions(a.GatherCapacity, activity.RegisterOptions{Name: ActivityGatherCapacity})
	env.RegisterActivityWithOptions(a.PostReport, activity.RegisterOptions{Name: ActivityPostReport})
	env.RegisterActivityWithOptions(a.ReadUsage, activity.RegisterOptions{Name: ActivityReadUsage})
	env.RegisterActivityWithOptions(a.GatherBatch, activity.RegisterOptions{Name: ActivityGatherBatch})
	env.RegisterActivityWithOptions(a.PostPages, activity.RegisterOptions{Name: ActivityPostPages})
	env.RegisterActivityWithOptions(a.ShowAnalysisProgress, activity.RegisterOptions{Name: ActivityAnalysisProgress})
	env.OnGetVersion(analysisPagedVersion, workflow.DefaultVersion, 1).Return(v)
	a.Pages = envPageReader{env: env}
	return env
}

// envPageReader reads an analysis' pages by querying the test run.
type envPageReader struct {
	env *testsuite.TestWorkflowEnvironment
}

func (r envPageReader) ReadAnalysisPage(_ context.Context, _, _ string, page int) ([]ReportRow, error) {
	v, err := r.env.QueryWorkflow(QueryAnalysisPage, page)
	if err != nil {
		return nil, err
	}
	var rows []ReportRow
	return rows, v.Get(&rows)
}

func analysisResult(t *testing.T, env *testsuite.TestWorkflowEnvironment) AnalysisReport {
	t.Helper()
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	if err := env.GetWorkflowError(); err != nil {
		t.Fatalf("workflow failed: %v", err)
	}
	var report AnalysisReport
	if err := env.GetWorkflowResult(&report); err != nil {
		t.Fatalf("decoding result: %v", err)
	}
	return report
}

func TestAnalysisWorkflowHappyPath(t *testing.T) {
	gathered, usage := analysisSample()
	env := analysisWorkflowEnv(t, &Activities{})
	start := time.Date(2026, 11, 26, 9, 30, 0, 0, time.UTC)
	env.SetStartTime(start)
	req := AnalysisRequest{Globs: []string{"*"}, Channel: "C1", Requester: "U1", Post: true}

	env.OnActivity(ActivityGatherUsage, mock.Anything).Return(usage, nil).Once()
	env.OnActivity(ActivityGatherCapacity, mock.Anything, GatherInput{Globs: req.Globs}).Return(gathered, nil).Once()
	var posted []PostReportInput
	env.OnActivity(ActivityPostReport, mock.Anything, mock.Anything).Return(
		func(_ context.Context, in PostReportInput) error {
			posted = append(posted, in)
			return nil
		}).Once()

	env.ExecuteWorkflow(AnalysisWorkflowName, req)
	report := analysisResult(t, env)
	env.AssertExpectations(t)

	if len(report.Rows) != 7 || report.Rows[0].Namespace != "heavy.acct" || report.Summary.Unknown != 1 {
		t.Errorf("report rows %d, first %q, summary %+v", len(report.Rows), report.Rows[0].Namespace, report.Summary)
	}
	if !report.GeneratedAt.Equal(start) {
		t.Errorf("GeneratedAt %s, want workflow time %s", report.GeneratedAt, start)
	}
	if !report.Simulated || report.Requester != "U1" {
		t.Errorf("report header %+v", report)
	}
	if len(posted) != 1 || posted[0].Channel != "C1" || len(posted[0].Report.Rows) != 7 {
		t.Fatalf("posted %+v, want the report once to C1", posted)
	}
}

func TestAnalysisWorkflowWithoutPostDoesNotPost(t *testing.T) {
	gathered, usage := analysisSample()
	env := analysisWorkflowEnv(t, &Activities{})
	env.OnActivity(ActivityGatherUsage, mock.Anything).Return(usage, nil)
	env.OnActivity(ActivityGatherCapacity, mock.Anything, mock.Anything).Return(gathered, nil)
	var posts atomic.Int32
	env.OnActivity(ActivityPostReport, mock.Anything, mock.Anything).Return(func(context.Context, PostReportInput) error {
		posts.Add(1)
		return nil
	})
	env.ExecuteWorkflow(AnalysisWorkflowName, AnalysisRequest{Channel: "C1"})
	if r := analysisResult(t, env); len(r.Rows) != 7 {
		t.Errorf("rows %d, want 7", len(r.Rows))
	}
	if posts.Load() != 0 {
		t.Errorf("posted %d times without Post", posts.Load())
	}
}

func TestAnalysisWorkflowSlackFailureStillSucceeds(t *testing.T) {
	gathered, usage := analysisSample()
	env := analysisWorkflowEnv(t, &Activities{})
	env.OnActivity(ActivityGatherUsage, mock.Anything).Return(usage, nil)
	env.OnActivity(ActivityGatherCapacity, mock.Anything, mock.Anything).Return(gathered, nil)
	var attempts atomic.Int32
	env.OnActivity(ActivityPostReport, mock.Anything, mock.Anything).Return(func(context.Context, PostReportInput) error {
		attempts.Add(1)
		return errors.New("slack is down")
	})
	env.ExecuteWorkflow(AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Post: true})
	if r := analysisResult(t, env); len(r.Rows) != 7 {
		t.Errorf("rows %d, want 7", len(r.Rows))
	}
	if got := attempts.Load(); got != 5 {
		t.Errorf("post attempted %d times, want 5 (bounded retries)", got)
	}
}

func TestAnalysisWorkflowUsageFailureDegrades(t *testing.T) {
	gathered, _ := analysisSample()
	env := analysisWorkflowEnv(t, &Activities{})
	env.OnActivity(ActivityGatherUsage, mock.Anything).Return(clients.UsageSnapshot{},
		temporal.NewNonRetryableApplicationError("fetching usage: FetchUsage: permission", "permission", nil))
	env.OnActivity(ActivityGatherCapacity, mock.Anything, mock.Anything).Return(gathered, nil)
	env.ExecuteWorkflow(AnalysisWorkflowName, AnalysisRequest{})
	report := analysisResult(t, env)
	if !strings.Contains(strings.Join(report.Warnings, "\n"), "Metrics API could not be read (fetching usage: FetchUsage: permission)") {
		t.Errorf("warnings lack the usage failure: %q", report.Warnings)
	}
	if len(report.Rows) != 7 {
		t.Errorf("rows %d, want 7", len(report.Rows))
	}
}

func TestAnalysisWorkflowCapacityFailure(t *testing.T) {
	_, usage := analysisSample()
	env := analysisWorkflowEnv(t, &Activities{})
	env.OnActivity(ActivityGatherUsage, mock.Anything).Return(usage, nil)
	env.OnActivity(ActivityGatherCapacity, mock.Anything, mock.Anything).Return(GatherResult{},
		temporal.NewNonRetryableApplicationError("listing namespaces: GetNamespaces: permission", "permission", nil))
	var posted []PostReportInput
	env.OnActivity(ActivityPostReport, mock.Anything, mock.Anything).Return(func(_ context.Context, in PostReportInput) error {
		posted = append(posted, in)
		return nil
	})
	env.ExecuteWorkflow(AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Post: true})
	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not complete")
	}
	err := env.GetWorkflowError()
	if err == nil || !strings.Contains(err.Error(), "gathering namespace capacity") {
		t.Fatalf("workflow error %v, want a gathering failure", err)
	}
	if len(posted) != 1 || len(posted[0].Report.Rows) != 0 ||
		!strings.Contains(strings.Join(posted[0].Report.Warnings, " "), "listing namespaces: GetNamespaces: permission") {
		t.Errorf("posted %+v, want one failure report naming the cause", posted)
	}
}

// TestAnalysisWorkflowWithRealActivities runs the whole analysis on the fake
// clients, so values cross the data converter as they do in production, on
// both versions of the workflow.
func TestAnalysisWorkflowWithRealActivities(t *testing.T) {
	for _, v := range []workflow.Version{workflow.DefaultVersion, 1} {
		t.Run(fmt.Sprintf("version %d", v), func(t *testing.T) { testAnalysisWithRealActivities(t, v) })
	}
}

func testAnalysisWithRealActivities(t *testing.T, v workflow.Version) {
	cloud := newAnalysisFakeCloud()
	cloud.add("payments.acct", clients.OnDemand(), clients.CapacityInfo{
		OnDemandAPSLimit: 500, ValidTRUs: []float64{2, 4, 8}, APS: clients.APSStats{Mean: 600, P90: 700, P99: 1000},
	})
	cloud.add("orders.acct", clients.Provisioned(4), clients.CapacityInfo{
		OnDemandAPSLimit: 500, ValidTRUs: []float64{2, 4, 8}, APS: clients.APSStats{Mean: 10, P90: 20, P99: 30},
	})
	cloud.add("gone.acct", clients.OnDemand(), clients.CapacityInfo{})
	cloud.capErrs["gone.acct"] = []error{&clients.Error{Op: "GetNamespace", Namespace: "gone.acct", Kind: clients.KindNotFound}}
	usage := &analysisFakeUsage{
		errs: []error{&clients.Error{Op: "FetchUsage", Kind: clients.KindRateLimited, RetryAfter: 90 * time.Second}},
		snap: clients.UsageSnapshot{Completeness: "complete", Namespaces: map[string]clients.NamespaceUsage{
			"payments": {ActionsPerSecond: 800, ActionLimit: 500, ThrottledPerSecond: 3},
		}},
	}
	notifier := &analysisFakeNotifier{}
	env := analysisVersionEnv(t, &Activities{Cloud: cloud, Usage: usage, Notifier: notifier, Simulated: true}, v)
	start := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	env.SetStartTime(start)

	env.ExecuteWorkflow(AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Post: true})
	report := analysisResult(t, env)
	if usage.calls != 2 {
		t.Errorf("usage fetched %d times, want 2 (429 then success)", usage.calls)
	}
	if waited := report.GeneratedAt.Sub(start); waited < 90*time.Second {
		t.Errorf("report built %s after start, want the 429's Retry-After of 90s honoured", waited)
	}
	if len(notifier.reports) != 1 {
		t.Fatalf("posted %d reports, want 1", len(notifier.reports))
	}
	got := map[string]ReportRow{}
	for _, r := range notifier.reports[0].Rows {
		got[r.Namespace] = r
	}
	if r := got["payments.acct"]; r.Action != ActionSwitchProvision || !r.Recommended.Equal(clients.Provisioned(4)) {
		// demand 1000 APS (p99) needs 1250 APS with headroom: 4 TRUs (2 is 100%).
		t.Errorf("payments: %s %s (%s)", r.Action, r.Recommended, r.Reason)
	}
	if r := got["orders.acct"]; r.Action != ActionSwitchOnDemand || !strings.Contains(r.Reason, "No usage") {
		t.Errorf("orders: %s (%s)", r.Action, r.Reason)
	}
	if r := got["gone.acct"]; r.Action != ActionUnknown || r.Error == "" {
		t.Errorf("gone: %+v", r)
	}
	if len(notifier.reports) != 1 || !notifier.reports[0].Simulated {
		t.Errorf("posted %d reports (simulated=%v), want 1 simulated", len(notifier.reports), len(notifier.reports) == 1 && notifier.reports[0].Simulated)
	}
	for _, ns := range []string{"payments.acct", "orders.acct"} {
		if cloud.capCalls[ns] != 1 {
			t.Errorf("%s read %d times, want once", ns, cloud.capCalls[ns])
		}
	}
}
