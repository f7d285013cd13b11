package workflows

import (
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// registerBoost registers the boost workflow and its activities. Activities
// are registered one by one, by method name, rather than as the whole
// *Activities struct, so the analysis half can register its own methods on
// the same worker without a duplicate registration.
func registerBoost(r worker.Registry, a *Activities) {
	r.RegisterWorkflowWithOptions(BoostWorkflow, workflow.RegisterOptions{Name: BoostWorkflowName})
	for name, fn := range map[string]any{
		"ReadCapacity":     a.ReadCapacity,
		"ApplyCapacity":    a.ApplyCapacity,
		"GetOperation":     a.GetOperation,
		"VerifyCapacity":   a.VerifyCapacity,
		"NotifyCreateRoot": a.NotifyCreateRoot,
		"NotifyUpdateRoot": a.NotifyUpdateRoot,
		"NotifyStep":       a.NotifyStep,
		"NotifyAlert":      a.NotifyAlert,
	} {
		r.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
}
