package workflows

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"
)

// WatchStarter is the part of the Temporal client that starts the watch.
type WatchStarter interface {
	SignalWithStartWorkflow(ctx context.Context, workflowID, signalName string, signalArg any,
		options client.StartWorkflowOptions, workflow any, workflowArgs ...any) (client.WorkflowRun, error)
}

// StartThrottleWatch starts the throttling watch, or hands the running one
// cfg, in one call: every replica calls it at boot, the single workflow ID
// keeps one watch, and its open incidents survive a redeploy with new
// settings.
func StartThrottleWatch(ctx context.Context, c WatchStarter, taskQueue string, cfg WatchConfig) error {
	_, err := c.SignalWithStartWorkflow(ctx, ThrottleWatchWorkflowID, SignalWatchConfig, cfg,
		client.StartWorkflowOptions{ID: ThrottleWatchWorkflowID, TaskQueue: taskQueue},
		ThrottleWatchWorkflowName, WatchInput{Config: cfg})
	if err != nil {
		return fmt.Errorf("starting the throttling watch %s: %w", ThrottleWatchWorkflowID, err)
	}
	return nil
}
