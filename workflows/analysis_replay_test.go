package workflows

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// analysisHistoryFile is a recorded run of AnalysisWorkflow. Replaying it
// catches a change to the workflow code that would break running analyses.
var analysisHistoryFile = filepath.Join("testdata", "analysis_history.json")

func TestAnalysisWorkflowReplay(t *testing.T) {
	if _, err := os.Stat(analysisHistoryFile); errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not recorded yet (run with RECORD_HISTORY=1 against a Temporal server)", analysisHistoryFile)
	}
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflowWithOptions(AnalysisWorkflow, workflow.RegisterOptions{Name: AnalysisWorkflowName})
	if err := replayer.ReplayWorkflowHistoryFromJSONFile(nil, analysisHistoryFile); err != nil {
		t.Fatalf("replaying %s: %v", analysisHistoryFile, err)
	}
}

// TestRecordAnalysisHistory writes testdata/analysis_history.json from a real
// run. It needs a Temporal server: RECORD_HISTORY=1, and TEMPORAL_ADDRESS
// (default localhost:7233) and TEMPORAL_NAMESPACE (default "default").
func TestRecordAnalysisHistory(t *testing.T) {
	if os.Getenv("RECORD_HISTORY") != "1" {
		t.Skip("set RECORD_HISTORY=1 (and TEMPORAL_ADDRESS) to record the analysis history")
	}
	addr := cmpOr(os.Getenv("TEMPORAL_ADDRESS"), "localhost:7233")
	ns := cmpOr(os.Getenv("TEMPORAL_NAMESPACE"), "default")
	c, err := client.Dial(client.Options{HostPort: addr, Namespace: ns})
	if err != nil {
		t.Fatalf("connecting to Temporal at %s: %v", addr, err)
	}
	defer c.Close()
	if err := RecordAnalysisHistory(context.Background(), c, analysisHistoryFile); err != nil {
		t.Fatal(err)
	}
}

func cmpOr(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// RecordAnalysisHistory runs AnalysisWorkflow once on c against fake clients
// and writes its history as JSON to path, for the replay test. It lives in a
// test file so that only tests (and whoever wires it to an embedded server)
// can call it.
func RecordAnalysisHistory(ctx context.Context, c client.Client, path string) error {
	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	cloud := newAnalysisFakeCloud()
	tiers := []float64{2, 3, 4, 6, 8, 10, 12}
	cloud.add("payments.acct", clients.OnDemand(), clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: clients.APSStats{Mean: 600, P90: 700, P99: 1000}})
	cloud.add("orders.acct", clients.Provisioned(4), clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: clients.APSStats{Mean: 10, P90: 20, P99: 30}})
	cloud.add("gone.acct", clients.OnDemand(), clients.CapacityInfo{})
	cloud.capErrs["gone.acct"] = []error{&clients.Error{Op: "GetNamespace", Namespace: "gone.acct", Kind: clients.KindNotFound}}
	usage := &analysisFakeUsage{snap: clients.UsageSnapshot{Completeness: "complete", Namespaces: map[string]clients.NamespaceUsage{
		"payments": {ActionsPerSecond: 800, ActionLimit: 500, ThrottledPerSecond: 3},
	}}}
	acts := &Activities{Cloud: cloud, Usage: usage, Notifier: &analysisFakeNotifier{}, Simulated: true}

	queue := fmt.Sprintf("analysis-record-%d", time.Now().UnixNano())
	w := worker.New(c, queue, worker.Options{})
	registerAnalysis(w, acts)
	if err := w.Start(); err != nil {
		return fmt.Errorf("starting worker: %w", err)
	}
	defer w.Stop()

	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: queue, TaskQueue: queue},
		AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Requester: "U1", Post: true})
	if err != nil {
		return fmt.Errorf("starting analysis: %w", err)
	}
	var report AnalysisReport
	if err := run.Get(ctx, &report); err != nil {
		return fmt.Errorf("running analysis: %w", err)
	}
	return writeHistory(ctx, c, run.GetID(), run.GetRunID(), path)
}
