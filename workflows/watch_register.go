package workflows

import (
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// registerWatch registers the throttling watch and its activities.
func registerWatch(r worker.Registry, a *Activities) {
	r.RegisterWorkflowWithOptions(ThrottleWatchWorkflow, workflow.RegisterOptions{Name: ThrottleWatchWorkflowName})
	r.RegisterActivityWithOptions(a.WatchUsage, activity.RegisterOptions{Name: ActivityWatchUsage})
	r.RegisterActivityWithOptions(a.WatchSuggest, activity.RegisterOptions{Name: ActivityWatchSuggest})
	r.RegisterActivityWithOptions(a.NotifyWatchAlert, activity.RegisterOptions{Name: ActivityNotifyWatch})
}
