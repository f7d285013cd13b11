//go:build recordhistory

package workflows

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
)

// recordMetricsBudget asks the budget workflow for three requests within
// two an hour, as every replica's Metrics client does (update-with-start):
// two granted, the third told to wait; the run then continues as new (three
// updates a run) and is recorded, the continued one terminated.
func recordMetricsBudget(ctx context.Context, rec *recorder) error {
	stop, err := rec.startWorker(&Activities{})
	if err != nil {
		return err
	}
	defer stop()
	var runID string
	for i := range 3 {
		start := rec.c.NewWithStartWorkflowOperation(client.StartWorkflowOptions{ID: rec.queue, TaskQueue: rec.queue,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING},
			MetricsBudgetWorkflowName, MetricsBudgetState{UpdatesPerRun: 3})
		h, err := rec.c.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{StartWorkflowOperation: start,
			UpdateOptions: client.UpdateWorkflowOptions{UpdateName: UpdateMetricsBudgetTake,
				Args: []any{MetricsBudgetTake{PerHour: 2}}, WaitForStage: client.WorkflowUpdateStageCompleted}})
		if err != nil {
			return fmt.Errorf("take %d: %w", i+1, err)
		}
		var g MetricsBudgetGrant
		if err := h.Get(ctx, &g); err != nil {
			return fmt.Errorf("take %d: %w", i+1, err)
		}
		if (i < 2) != (g.Wait == 0) {
			return fmt.Errorf("take %d answered wait %s", i+1, g.Wait)
		}
		if i == 0 {
			run, err := start.Get(ctx)
			if err != nil {
				return fmt.Errorf("starting the budget workflow: %w", err)
			}
			runID = run.GetRunID()
		}
	}
	defer func() { _ = rec.c.TerminateWorkflow(context.WithoutCancel(ctx), rec.queue, "", "recorded") }()
	if _, err := continuedRunID(ctx, rec.c, rec.queue, runID); err != nil {
		return err
	}
	return rec.save(ctx, histMetricsBudgetRun, rec.queue, runID)
}
