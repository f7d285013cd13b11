package workflows

import (
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
)

// TestMetricsBudgetWorkflow sends takes at set workflow times: the shared
// hour grants PerHour of them, answers the next with the wait until the
// oldest leaves the hour, refuses a budget out of range, and continues as new
// carrying the last hour's grants.
func TestMetricsBudgetWorkflow(t *testing.T) {
	type take struct {
		at       time.Duration
		perHour  int
		wantWait time.Duration
		rejected bool
	}
	takes := []take{
		{at: 0, perHour: 2},
		{at: time.Minute, perHour: 2},
		{at: 2 * time.Minute, perHour: 2, wantWait: 58 * time.Minute},
		{at: 3 * time.Minute, perHour: 181, rejected: true},
		{at: 61 * time.Minute, perHour: 2},
		{at: 62 * time.Minute, perHour: 3},
	}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(MetricsBudgetWorkflow, workflow.RegisterOptions{Name: MetricsBudgetWorkflowName})
	type outcome struct {
		wait     time.Duration
		rejected bool
		done     bool
	}
	got := make([]outcome, len(takes))
	for i, tk := range takes {
		env.RegisterDelayedCallback(func() {
			env.UpdateWorkflow(UpdateMetricsBudgetTake, "", &testsuite.TestUpdateCallback{
				OnAccept: func() {},
				OnReject: func(error) { got[i] = outcome{rejected: true, done: true} },
				OnComplete: func(v any, err error) {
					g, _ := v.(MetricsBudgetGrant)
					got[i] = outcome{wait: g.Wait, done: err == nil}
				},
			}, MetricsBudgetTake{PerHour: tk.perHour})
		}, tk.at+time.Second)
	}
	env.ExecuteWorkflow(MetricsBudgetWorkflowName, MetricsBudgetState{UpdatesPerRun: 5})
	var can *workflow.ContinueAsNewError
	if err := env.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("workflow ended with %v, want continue-as-new after 5 updates", err)
	}
	for i, tk := range takes {
		if !got[i].done || got[i].rejected != tk.rejected || got[i].wait != tk.wantWait {
			t.Errorf("take %d at %s: %+v, want wait %s rejected %v", i+1, tk.at, got[i], tk.wantWait, tk.rejected)
		}
	}
}
