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
	r.RegisterActivityWithOptions(a.ReadCapacity, activity.RegisterOptions{Name: ActivityReadCapacity})
	r.RegisterActivityWithOptions(a.ApplyCapacity, activity.RegisterOptions{Name: ActivityApplyCapacity})
	r.RegisterActivityWithOptions(a.GetOperation, activity.RegisterOptions{Name: ActivityGetOperation})
	r.RegisterActivityWithOptions(a.VerifyCapacity, activity.RegisterOptions{Name: ActivityVerifyCapacity})
	r.RegisterActivityWithOptions(a.NotifyCreateRoot, activity.RegisterOptions{Name: ActivityNotifyCreateRoot})
	r.RegisterActivityWithOptions(a.NotifyUpdateRoot, activity.RegisterOptions{Name: ActivityNotifyUpdateRoot})
	r.RegisterActivityWithOptions(a.NotifyStep, activity.RegisterOptions{Name: ActivityNotifyStep})
	r.RegisterActivityWithOptions(a.NotifyAlert, activity.RegisterOptions{Name: ActivityNotifyAlert})
	r.RegisterActivityWithOptions(a.NotifyReportRow, activity.RegisterOptions{Name: ActivityNotifyReportRow})
	r.RegisterActivityWithOptions(a.CheckApprover, activity.RegisterOptions{Name: ActivityCheckApprover})
}
