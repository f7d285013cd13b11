package schedules_test

import (
	"context"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestApproveBoostScheduleOnRealServer: approving a recurring boost held
// for approval records the approver in the input of every run and resumes
// the schedule.
func TestApproveBoostScheduleOnRealServer(t *testing.T) {
	ctx := context.Background()
	tc := testworld.StartTemporal(t)
	engine := bot.NewTemporalEngine(tc, testworld.TaskQueue(t, "approve-"))
	sb := workflows.ScheduledBoost{Namespace: testworld.DemoNamespace("payments"), TRUs: 8, Days: []time.Weekday{6},
		Start: "03:00", End: "04:00", TimeZone: "UTC", Requester: "U1", Channel: "C1"}
	info, err := engine.CreateBoostSchedule(ctx, sb)
	if err != nil {
		t.Fatal(err)
	}
	if err := engine.PauseSchedule(ctx, info.ID, "awaiting approval"); err != nil {
		t.Fatal(err)
	}
	approved := sb
	approved.Approver = "U2"
	if err := engine.ApproveBoostSchedule(ctx, info.ID, approved); err != nil {
		t.Fatal(err)
	}
	d, err := tc.ScheduleClient().GetHandle(ctx, info.ID).Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d.Schedule.State.Paused {
		t.Error("the approved schedule is still paused")
	}
	action, ok := d.Schedule.Action.(*client.ScheduleWorkflowAction)
	if !ok || len(action.Args) != 1 {
		t.Fatalf("action %+v", d.Schedule.Action)
	}
	var got workflows.ScheduledBoost
	if err := converter.GetDefaultDataConverter().FromPayload(action.Args[0].(*commonpb.Payload), &got); err != nil {
		t.Fatal(err)
	}
	if got.Approver != "U2" || got.Requester != "U1" || got.TRUs != 8 {
		t.Errorf("run input %+v, want approved by U2", got)
	}
}
