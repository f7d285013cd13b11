package app

import (
	"context"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/workflows"
)

// budgetCallTimeout bounds one grant from the budget workflow; past it the
// Metrics client keeps to its own window.
const budgetCallTimeout = 10 * time.Second

// TemporalBudget is the Metrics API budget every replica shares
// (metrics.SharedBudget): each request is granted by the one budget
// workflow, through an update-with-start, so that whichever replica asks
// first starts it.
type TemporalBudget struct {
	Client    client.Client
	TaskQueue string
}

// TryTake asks the budget workflow for one request within perHour.
func (b TemporalBudget) TryTake(ctx context.Context, perHour int) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(ctx, budgetCallTimeout)
	defer cancel()
	start := b.Client.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID: workflows.MetricsBudgetWorkflowID, TaskQueue: b.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, workflows.MetricsBudgetWorkflowName, workflows.MetricsBudgetState{})
	h, err := b.Client.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{
		StartWorkflowOperation: start,
		UpdateOptions: client.UpdateWorkflowOptions{
			UpdateName:   workflows.UpdateMetricsBudgetTake,
			Args:         []any{workflows.MetricsBudgetTake{PerHour: perHour}},
			WaitForStage: client.WorkflowUpdateStageCompleted,
		},
	})
	if err != nil {
		return 0, fmt.Errorf("asking the Metrics API budget workflow: %w", err)
	}
	var g workflows.MetricsBudgetGrant
	if err := h.Get(ctx, &g); err != nil {
		return 0, fmt.Errorf("reading the Metrics API budget workflow's answer: %w", err)
	}
	return g.Wait, nil
}
