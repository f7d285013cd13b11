package workflows

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"

	"github.com/capacitybot/capacitybot/clients"
)

// slowSetCloud blocks SetCapacity until the activity has heartbeated, the way
// a slow Cloud Ops call would keep an activity busy.
type slowSetCloud struct {
	CloudOps
	beat chan struct{}
}

func (s slowSetCloud) SetCapacity(ctx context.Context, _ string, _ clients.Capacity, _ string) (clients.SetCapacityResult, error) {
	select {
	case <-s.beat:
		return clients.SetCapacityResult{NoOp: true}, nil
	case <-ctx.Done():
		return clients.SetCapacityResult{}, ctx.Err()
	case <-time.After(3 * boostHeartbeatEvery):
		return clients.SetCapacityResult{}, errors.New("no heartbeat while the call was in flight")
	}
}

// TestApplyHeartbeatsWhileTheCallIsInFlight checks that a Cloud call keeps
// the activity alive with heartbeats, which is what lets Temporal notice a
// worker killed mid-call within the heartbeat timeout.
func TestApplyHeartbeatsWhileTheCallIsInFlight(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	beat := make(chan struct{})
	var closed bool
	env.SetOnActivityHeartbeatListener(func(*activity.Info, converter.EncodedValues) {
		if !closed {
			closed = true
			close(beat)
		}
	})
	a := &Activities{Cloud: slowSetCloud{beat: beat}}
	env.RegisterActivity(a.ApplyCapacity)
	env.SetTestTimeout(4 * boostHeartbeatEvery)
	start := time.Now()
	if _, err := env.ExecuteActivity(a.ApplyCapacity, "payments.demo42", clients.Provisioned(4), "op"); err != nil {
		t.Fatalf("apply did not heartbeat while blocked: %v", err)
	}
	if d := time.Since(start); d > 3*boostHeartbeatEvery {
		t.Fatalf("first heartbeat after %s, want about %s", d, boostHeartbeatEvery)
	}
}
