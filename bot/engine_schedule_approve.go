package bot

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/workflows"
)

// ScheduleApprover records the approval of a recurring boost whose boosts
// need one. Implemented by TemporalEngine; declared apart from
// ScheduleEngine so that engines without approvals need not implement it
// (the Handler finds it on its Schedules).
type ScheduleApprover interface {
	// ApproveBoostSchedule makes the schedule's runs carry sb (with its
	// Approver) and resumes it; ErrNoSchedule when the ID names none.
	ApproveBoostSchedule(ctx context.Context, id string, sb workflows.ScheduledBoost) error
}

var _ ScheduleApprover = (*TemporalEngine)(nil)

// ApproveBoostSchedule replaces the schedule's action input with sb, which
// records its approver, then resumes it.
func (e *TemporalEngine) ApproveBoostSchedule(ctx context.Context, id string, sb workflows.ScheduledBoost) error {
	h := e.c.ScheduleClient().GetHandle(ctx, id)
	err := h.Update(ctx, client.ScheduleUpdateOptions{DoUpdate: func(in client.ScheduleUpdateInput) (*client.ScheduleUpdate, error) {
		s := in.Description.Schedule
		action, ok := s.Action.(*client.ScheduleWorkflowAction)
		if !ok {
			return nil, fmt.Errorf("schedule %s does not start a workflow", id)
		}
		action.Args = []any{sb}
		return &client.ScheduleUpdate{Schedule: &s}, nil
	}})
	if err != nil {
		return wrapScheduleErr(id, "approving", err)
	}
	return wrapScheduleErr(id, "resuming", h.Unpause(ctx, client.ScheduleUnpauseOptions{Note: "approved by " + sb.Approver}))
}
