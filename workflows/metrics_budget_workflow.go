package workflows

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients/metrics"
)

// MetricsBudgetWorkflow owns the Metrics API request budget the replicas
// share: each request a replica's Metrics client makes is first granted by
// an update (UpdateMetricsBudgetTake) under the sliding-hour rule
// metrics.TakeFromWindow, at workflow time. It runs until terminated,
// continuing as new every metricsBudgetUpdatesPerRun updates.
func MetricsBudgetWorkflow(ctx workflow.Context, st MetricsBudgetState) error {
	granted := st.Granted
	perRun := st.UpdatesPerRun
	if perRun <= 0 {
		perRun = metricsBudgetUpdatesPerRun
	}
	updates := 0
	err := workflow.SetUpdateHandlerWithOptions(ctx, UpdateMetricsBudgetTake,
		func(ctx workflow.Context, in MetricsBudgetTake) (MetricsBudgetGrant, error) {
			updates++
			var g MetricsBudgetGrant
			granted, g.Wait = metrics.TakeFromWindow(granted, workflow.Now(ctx), in.PerHour)
			return g, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, in MetricsBudgetTake) error {
			if in.PerHour < 1 || in.PerHour > metrics.HourlyRequestLimit {
				return fmt.Errorf("a Metrics API budget is 1 to %d requests an hour, not %d", metrics.HourlyRequestLimit, in.PerHour)
			}
			return nil
		}})
	if err != nil {
		return fmt.Errorf("registering the %s update: %w", UpdateMetricsBudgetTake, err)
	}
	if err := workflow.Await(ctx, func() bool { return updates >= perRun && workflow.AllHandlersFinished(ctx) }); err != nil {
		return err
	}
	return workflow.NewContinueAsNewError(ctx, MetricsBudgetWorkflowName, MetricsBudgetState{Granted: granted, UpdatesPerRun: st.UpdatesPerRun})
}
