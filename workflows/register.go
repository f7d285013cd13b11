package workflows

import (
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// Register registers every workflow and activity on a worker.
func Register(r worker.Registry, a *Activities) {
	registerAnalysis(r, a)
	registerBoost(r, a)
	registerWatch(r, a)
	registerSchedules(r, a)
	registerHome(r)
	r.RegisterWorkflowWithOptions(MetricsBudgetWorkflow, workflow.RegisterOptions{Name: MetricsBudgetWorkflowName})
}
