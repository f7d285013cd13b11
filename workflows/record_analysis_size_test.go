//go:build recordhistory

package workflows

import (
	"context"
	"fmt"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// TestAnalysisHistorySize runs the analysis of 1,000, 5,000 and 10,000
// namespaces on a real server (the embedded one, or TEMPORAL_ADDRESS), the
// pages read back by the production query, and reports the history's size
// and event count; every event must stay under maxPayloadBytes, and the run
// must replay on the current code. Run with:
//
//	go test -tags recordhistory -count=1 -v ./workflows -run AnalysisHistorySize
func TestAnalysisHistorySize(t *testing.T) {
	c := recordClient(t)
	for _, n := range []int{1000, 5000, 10000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
			defer cancel()
			cloud, usage := largeAnalysisAccount(n)
			notifier := &analysisFakeNotifier{}
			rec := &recorder{c: c, queue: fmt.Sprintf("analysis-size-%d-%d", n, time.Now().UnixNano())}
			stop, err := rec.startWorker(&Activities{Cloud: cloud, Usage: usage, Notifier: notifier, Simulated: true})
			if err != nil {
				t.Fatal(err)
			}
			defer stop()
			start := time.Now()
			run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: rec.queue, TaskQueue: rec.queue},
				AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Requester: "U1", Post: true})
			if err != nil {
				t.Fatalf("starting analysis: %v", err)
			}
			var head AnalysisReport
			if err := run.Get(ctx, &head); err != nil {
				t.Fatalf("running analysis: %v", err)
			}
			wall := time.Since(start)
			events, bytes, largest := 0, 0, 0
			iter := c.GetWorkflowHistory(ctx, run.GetID(), run.GetRunID(), false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
			for iter.HasNext() {
				ev, err := iter.Next()
				if err != nil {
					t.Fatalf("reading history: %v", err)
				}
				events++
				size := ev.Size()
				bytes += size
				largest = max(largest, size)
			}
			t.Logf("%d namespaces: %d events, %d bytes of history, largest event %d bytes, %s", n, events, bytes, largest, wall.Round(time.Millisecond))
			if largest > maxPayloadBytes {
				t.Errorf("an event of %d bytes, want at most %d", largest, maxPayloadBytes)
			}
			if len(notifier.reports) != 1 || len(notifier.reports[0].Rows) != n {
				t.Errorf("posted %d reports, want one of %d rows", len(notifier.reports), n)
			}
			// The recorded analysis has one batch; this run's many batches
			// and progress updates must replay too.
			replayer := worker.NewWorkflowReplayer()
			Register(replayRegistry{replayer: replayer}, &Activities{})
			if err := replayer.ReplayWorkflowExecution(ctx, c.WorkflowService(), nil, "default",
				workflow.Execution{ID: run.GetID(), RunID: run.GetRunID()}); err != nil {
				t.Errorf("replaying the run of %d namespaces: %v", n, err)
			}
		})
	}
}
