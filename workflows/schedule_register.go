package workflows

import (
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// registerSchedules registers the recurring boost's workflow; its activities
// are the boost's.
func registerSchedules(r worker.Registry) {
	r.RegisterWorkflowWithOptions(ScheduledBoostWorkflow, workflow.RegisterOptions{Name: ScheduledBoostWorkflowName})
}
