package workflows

import (
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// registerHome registers the App Home workflow (it has no activities).
func registerHome(r worker.Registry) {
	r.RegisterWorkflowWithOptions(HomeWorkflow, workflow.RegisterOptions{Name: HomeWorkflowName})
}
