package workflows

import (
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// registerSchedules registers the recurring boost's workflow and the check
// of its creator's permission; its other activities are the boost's.
func registerSchedules(r worker.Registry, a *Activities) {
	r.RegisterWorkflowWithOptions(ScheduledBoostWorkflow, workflow.RegisterOptions{Name: ScheduledBoostWorkflowName})
	r.RegisterActivityWithOptions(a.CheckRequester, activity.RegisterOptions{Name: ActivityCheckRequester})
}
