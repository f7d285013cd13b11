//go:build recordhistory

package workflows

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/clients"
)

// analysisRecordActivities fake three namespaces: one over its on-demand
// limit and throttled, one provisioned and idle, one gone since listed.
func analysisRecordActivities() *Activities {
	cloud := newAnalysisFakeCloud()
	tiers := []float64{2, 3, 4, 6, 8, 10, 12}
	cloud.add("payments.acct", clients.OnDemand(), clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: clients.APSStats{Mean: 600, P90: 700, P99: 1000}})
	cloud.add("orders.acct", clients.Provisioned(4), clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: clients.APSStats{Mean: 10, P90: 20, P99: 30}})
	cloud.add("gone.acct", clients.OnDemand(), clients.CapacityInfo{})
	cloud.capErrs["gone.acct"] = []error{&clients.Error{Op: "GetNamespace", Namespace: "gone.acct", Kind: clients.KindNotFound}}
	usage := &analysisFakeUsage{snap: clients.UsageSnapshot{Completeness: "complete", Namespaces: map[string]clients.NamespaceUsage{
		"payments": {ActionsPerSecond: 800, ActionLimit: 500, ThrottledPerSecond: 3},
	}}}
	return &Activities{Cloud: cloud, Usage: usage, Notifier: &analysisFakeNotifier{}, Simulated: true}
}

// recordAnalysis runs an analysis as /capacity analyze does: every
// namespace, posted.
func recordAnalysis(ctx context.Context, rec *recorder) error {
	stop, err := rec.startWorker(analysisRecordActivities())
	if err != nil {
		return err
	}
	defer stop()
	run, err := rec.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: rec.queue, TaskQueue: rec.queue},
		AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Requester: "U1", Post: true})
	if err != nil {
		return fmt.Errorf("starting analysis: %w", err)
	}
	var report AnalysisReport
	if err := run.Get(ctx, &report); err != nil {
		return fmt.Errorf("running analysis: %w", err)
	}
	return rec.save(ctx, histAnalysis, run.GetID(), run.GetRunID())
}
