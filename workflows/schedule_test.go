package workflows

import (
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestScheduledBoostRunsAcrossDaylightSaving runs the schedule's action on
// the SDK test suite at its two firings around the spring-forward change
// (the test suite does not run Schedules themselves: each firing is started
// at the time Temporal would start it). Each run boosts at 09:00 and
// reverts at 17:00 New York time, which is 14:00-22:00 UTC on the Friday and
// 13:00-21:00 UTC on the Monday.
func TestScheduledBoostRunsAcrossDaylightSaving(t *testing.T) {
	sb := ScheduledBoost{Namespace: boostNS, TRUs: 4, Days: []time.Weekday{1, 2, 3, 4, 5}, Start: "09:00", End: "17:00",
		TimeZone: "America/New_York", Reason: "business hours", Requester: "U1", Channel: "C1"}
	for _, tc := range []struct{ fired, revert string }{
		{"2026-03-06T14:00:00Z", "2026-03-06T22:00:00Z"},
		{"2026-03-09T13:00:00Z", "2026-03-09T21:00:00Z"},
	} {
		t.Run(tc.fired, func(t *testing.T) {
			var suite testsuite.WorkflowTestSuite
			suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))))
			env := suite.NewTestWorkflowEnvironment()
			env.SetStartTime(utc(tc.fired))
			env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: capacity.ScheduledBoostRunID(ScheduleBoostID(sb)) + "-" + tc.fired})
			cloud := newBoostFakeCloud(boostNS, clients.OnDemand())
			cloud.now = env.Now
			chat := &boostFakeNotifier{}
			Register(env, &Activities{Cloud: cloud, Notifier: chat, Policy: boostTestPolicy(), Simulated: true})

			env.ExecuteWorkflow(ScheduledBoostWorkflowName, sb)
			if err := env.GetWorkflowError(); err != nil {
				t.Fatalf("workflow error: %v", err)
			}
			var st BoostStatus
			if err := env.GetWorkflowResult(&st); err != nil {
				t.Fatal(err)
			}
			if st.Phase != PhaseDone || !st.Reverted {
				t.Fatalf("boost ended %s (reverted %v): %s %s", st.Phase, st.Reverted, st.Message, st.Error)
			}
			if !st.End.Equal(utc(tc.revert)) || st.Request.Reason != "scheduled (weekdays 09:00-17:00 America/New_York): business hours" {
				t.Errorf("boost end %s reason %q, want end %s", st.End, st.Request.Reason, tc.revert)
			}
			cloud.mu.Lock()
			sets := append([]boostFakeSet(nil), cloud.sets...)
			cloud.mu.Unlock()
			if len(sets) != 2 {
				t.Fatalf("capacity changes = %+v, want the boost and the revert", sets)
			}
			if sets[0].Target != clients.Provisioned(4) || !sets[0].At.Equal(utc(tc.fired)) {
				t.Errorf("boost applied %+v, want 4 TRUs at %s", sets[0], tc.fired)
			}
			if sets[1].Target != clients.OnDemand() || sets[1].At.Before(utc(tc.revert)) || sets[1].At.After(utc(tc.revert).Add(time.Minute)) {
				t.Errorf("revert applied %+v, want on-demand at %s", sets[1], tc.revert)
			}
		})
	}
}

func TestScheduledBoostOutsideItsWindowChangesNothing(t *testing.T) {
	sb := ScheduledBoost{Namespace: boostNS, TRUs: 4, Days: []time.Weekday{1}, Start: "09:00", End: "10:00", TimeZone: "UTC", Requester: "U1", Channel: "C1"}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(utc("2026-03-09T11:00:00Z")) // a run started an hour after its window
	cloud := newBoostFakeCloud(boostNS, clients.OnDemand())
	chat := &boostFakeNotifier{}
	Register(env, &Activities{Cloud: cloud, Notifier: chat, Policy: boostTestPolicy()})
	env.ExecuteWorkflow(ScheduledBoostWorkflowName, sb)
	var st BoostStatus
	if err := env.GetWorkflowResult(&st); err != nil {
		t.Fatal(err)
	}
	_, alerts, _, _, _ := chat.snapshot()
	if st.Phase != PhaseRefused || len(cloud.sets) != 0 || len(alerts) != 1 {
		t.Errorf("late run: phase %s, %d changes, %d alerts; want refused, none, one alert", st.Phase, len(cloud.sets), len(alerts))
	}
}
