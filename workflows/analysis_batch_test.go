package workflows

import (
	"slices"
	"strings"
	"testing"

	"go.temporal.io/sdk/activity"

	"github.com/capacitybot/capacitybot/clients"
)

// runBatch runs GatherBatch on a (a replica of its own: its own cache).
func runBatch(t *testing.T, a *Activities, in GatherBatchInput) GatherBatchResult {
	t.Helper()
	env := analysisActivityEnv(t, a)
	env.RegisterActivityWithOptions(a.GatherBatch, activity.RegisterOptions{Name: ActivityGatherBatch})
	val, err := env.ExecuteActivity(ActivityGatherBatch, in)
	if err != nil {
		t.Fatalf("GatherBatch after %q: %v", in.After, err)
	}
	var res GatherBatchResult
	if err := val.Get(&res); err != nil {
		t.Fatalf("decoding: %v", err)
	}
	return res
}

// TestGatherBatchCursor: batches follow the last name read, so namespaces
// created or deleted between batches (each batch on another replica, which
// lists again) neither shift an existing namespace out of the report nor
// read one twice.
func TestGatherBatchCursor(t *testing.T) {
	cloud := newAnalysisFakeCloud()
	for _, ns := range []string{"a.acct", "b.acct", "c.acct", "d.acct", "e.acct"} {
		cloud.add(ns, clients.OnDemand(), clients.CapacityInfo{OnDemandAPSLimit: 500})
	}
	replica := func() *Activities { return &Activities{Cloud: cloud} }
	in := GatherBatchInput{Limit: 2}

	var read [][]string
	for step := 0; ; step++ {
		page := runBatch(t, replica(), in)
		var names []string
		for _, r := range page.Rows {
			names = append(names, r.Namespace)
		}
		read = append(read, names)
		if step == 0 {
			// Between the batches: a.acct (read) is deleted, bb.acct is
			// created after the cursor.
			cloud.add("bb.acct", clients.OnDemand(), clients.CapacityInfo{OnDemandAPSLimit: 500})
			cloud.namespaces = []string{"b.acct", "bb.acct", "c.acct", "d.acct", "e.acct"}
		}
		if !page.More {
			break
		}
		in.After = page.Next
	}
	want := [][]string{{"a.acct", "b.acct"}, {"bb.acct", "c.acct"}, {"d.acct", "e.acct"}}
	if !slices.EqualFunc(read, want, slices.Equal[[]string]) {
		t.Errorf("batches read %v, want %v", read, want)
	}
}

// TestGatherBatchReadsUsageWhereMissing: the usage ReadUsage kept on one
// replica is read again by a batch on another, so its rows still carry it.
func TestGatherBatchReadsUsageWhereMissing(t *testing.T) {
	cloud := newAnalysisFakeCloud()
	cloud.add("payments.acct", clients.OnDemand(), clients.CapacityInfo{OnDemandAPSLimit: 500})
	usage := &analysisFakeUsage{snap: clients.UsageSnapshot{Completeness: "complete", Namespaces: map[string]clients.NamespaceUsage{
		"payments.acct": {ActionsPerSecond: 420, ThrottledPerSecond: 2},
	}}}

	first := &Activities{Cloud: cloud, Usage: usage}
	env := analysisActivityEnv(t, first)
	env.RegisterActivityWithOptions(first.ReadUsage, activity.RegisterOptions{Name: ActivityReadUsage})
	if _, err := env.ExecuteActivity(ActivityReadUsage, GatherInput{}); err != nil {
		t.Fatalf("ReadUsage: %v", err)
	}
	for _, tc := range []struct {
		name      string
		replica   *Activities
		wantCalls int
	}{
		{name: "same replica", replica: first, wantCalls: 1},
		{name: "another replica", replica: &Activities{Cloud: cloud, Usage: usage}, wantCalls: 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page := runBatch(t, tc.replica, GatherBatchInput{HaveUsage: true})
			if len(page.Rows) != 1 || page.Rows[0].APS != 420 || page.Rows[0].ThrottledPerSec != 2 {
				t.Errorf("rows %+v, want payments with its usage", page.Rows)
			}
			if usage.calls != tc.wantCalls {
				t.Errorf("usage read %d times, want %d", usage.calls, tc.wantCalls)
			}
		})
	}
}

// TestAnalysisPagedFailures: on the paged version a usage failure still
// gives every row (on the 7-day statistics, said in a warning), and a list
// failure posts one failure report naming the cause and fails the run.
func TestAnalysisPagedFailures(t *testing.T) {
	permission := func(op string) error { return &clients.Error{Op: op, Kind: clients.KindPermission} }
	for _, tc := range []struct {
		name        string
		usageErr    error
		listErr     error
		wantErr     bool
		wantWarning string
	}{
		{name: "usage unreadable", usageErr: permission("FetchUsage"), wantWarning: "Metrics API could not be read"},
		{name: "namespaces unlisted", listErr: permission("GetNamespaces"), wantErr: true,
			wantWarning: "The analysis failed: the namespaces could not be read from Cloud Ops (listing namespaces: GetNamespaces: permission"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cloud := newAnalysisFakeCloud()
			cloud.add("payments.acct", clients.OnDemand(), clients.CapacityInfo{OnDemandAPSLimit: 500})
			cloud.listErr = tc.listErr
			usage := &analysisFakeUsage{snap: clients.UsageSnapshot{Completeness: "complete"}}
			if tc.usageErr != nil {
				usage.errs = []error{tc.usageErr}
			}
			notifier := &analysisFakeNotifier{}
			env := analysisVersionEnv(t, &Activities{Cloud: cloud, Usage: usage, Notifier: notifier}, 1)
			env.ExecuteWorkflow(AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Post: true})
			if !env.IsWorkflowCompleted() {
				t.Fatal("workflow did not complete")
			}
			if err := env.GetWorkflowError(); (err != nil) != tc.wantErr {
				t.Fatalf("workflow error %v, want error: %v", err, tc.wantErr)
			}
			if len(notifier.reports) != 1 {
				t.Fatalf("posted %d reports, want 1", len(notifier.reports))
			}
			r := notifier.reports[0]
			if !slices.ContainsFunc(r.Warnings, func(w string) bool { return strings.Contains(w, tc.wantWarning) }) {
				t.Errorf("warnings %q lack %q", r.Warnings, tc.wantWarning)
			}
			if wantRows := map[bool]int{false: 1, true: 0}[tc.wantErr]; len(r.Rows) != wantRows {
				t.Errorf("posted %d rows, want %d", len(r.Rows), wantRows)
			}
		})
	}
}
