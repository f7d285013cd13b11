package workflows

import (
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// registerAnalysis registers the analysis workflow and its activities under
// explicit names, so that Go renames never break running workflows.
func registerAnalysis(r worker.Registry, a *Activities) {
	r.RegisterWorkflowWithOptions(AnalysisWorkflow, workflow.RegisterOptions{Name: AnalysisWorkflowName})
	r.RegisterActivityWithOptions(a.GatherUsage, activity.RegisterOptions{Name: ActivityGatherUsage})
	r.RegisterActivityWithOptions(a.GatherCapacity, activity.RegisterOptions{Name: ActivityGatherCapacity})
	r.RegisterActivityWithOptions(a.PostReport, activity.RegisterOptions{Name: ActivityPostReport})
	r.RegisterActivityWithOptions(a.ReadUsage, activity.RegisterOptions{Name: ActivityReadUsage})
	r.RegisterActivityWithOptions(a.GatherBatch, activity.RegisterOptions{Name: ActivityGatherBatch})
	r.RegisterActivityWithOptions(a.PostPages, activity.RegisterOptions{Name: ActivityPostPages})
	r.RegisterActivityWithOptions(a.ShowAnalysisProgress, activity.RegisterOptions{Name: ActivityAnalysisProgress})
}
