package workflows_test

import (
	"fmt"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/workflows"
)

// Analysis at scale: the real GatherCapacity activity, a real Cloud Ops
// client and the simulated cloud over loopback gRPC.
const (
	scaleNamespaces = 1000
	scaleLatency    = 50 * time.Millisecond
	// scaleRate is the control-plane budget: 80 requests/s, a service
	// account's share. The client is set to it and the simulator counts
	// every call above it.
	scaleRate = 80
	// scaleBurst is the simulator's tolerance: four calls may arrive at once
	// (50 ms of budget; its default would be a whole second's worth). The
	// client lets two go at once at most (its pacer keeps a waiter that wakes
	// late from losing its slot); the other two absorb arrival jitter, when
	// the server reads properly spaced calls late on a busy machine and sees
	// them together.
	scaleBurst = 4
	// scaleGoal is the target: wall time within 15% of the floor.
	scaleGoal = 1.15
	scaleKey  = "scale-bench-key"
)

// scaleAccount is 1,000 namespaces, a quarter of them provisioned.
func scaleAccount() simcloud.Account {
	acct := simcloud.Account{ID: "scale1"}
	for i := range scaleNamespaces {
		n := simcloud.Namespace{ID: fmt.Sprintf("svc-%04d", i), Capacity: clients.OnDemand(),
			APS: float64(i % 700), Stats: clients.APSStats{Mean: float64(i % 500), P90: float64(i % 650), P99: float64(i % 800)}}
		if i%4 == 0 {
			n.Capacity = clients.Provisioned(float64(2 + i%3))
		}
		acct.Namespaces = append(acct.Namespaces, n)
	}
	return acct
}

// BenchmarkAnalysisScale measures GatherCapacity over 1,000 namespaces with
// 50 ms per call and an 80 requests/s budget. x_floor is wall time over the
// floor the budget allows (calls ÷ rate); the goal is ≤ 1.15 with no call
// over budget. "one-at-a-time" is the same run with a single worker, for
// comparison; "paged" is the whole analysis workflow as runs take it since
// analysisPagedVersion (ReadUsage, then GatherBatch per 500 namespaces, not
// posted). Run with:
//
//	go test -run '^$' -bench AnalysisScale -benchtime 1x ./workflows/
func BenchmarkAnalysisScale(b *testing.B) {
	for _, tc := range []struct {
		name        string
		concurrency int // 0 = the activity's default
		goal        bool
		paged       bool
	}{
		{name: "concurrent", concurrency: 0, goal: true},
		{name: "one-at-a-time", concurrency: 1},
		{name: "paged", concurrency: 0, goal: true, paged: true},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for range b.N {
				runAnalysisScale(b, tc.concurrency, tc.goal, tc.paged)
			}
		})
	}
}

// scaleRun runs the gathering on acts and returns how many namespaces were
// read and how many were unreadable.
type scaleRun func(b *testing.B, acts *workflows.Activities) (read, unreadable int)

// gatherActivity runs GatherCapacity alone.
func gatherActivity(b *testing.B, acts *workflows.Activities) (read, unreadable int) {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(workflows.NewZapAdapter(zap.NewNop())) // no line per heartbeat
	env := suite.NewTestActivityEnvironment()
	env.RegisterActivityWithOptions(acts.GatherCapacity, activity.RegisterOptions{Name: workflows.ActivityGatherCapacity})
	val, err := env.ExecuteActivity(workflows.ActivityGatherCapacity, workflows.GatherInput{})
	if err != nil {
		b.Fatalf("GatherCapacity: %v", err)
	}
	var res workflows.GatherResult
	if err := val.Get(&res); err != nil {
		b.Fatalf("decoding the result: %v", err)
	}
	for _, r := range res.Namespaces {
		if r.Error != "" {
			unreadable++
		}
	}
	return len(res.Namespaces), unreadable
}

// pagedWorkflow runs the analysis workflow, paged, without posting.
func pagedWorkflow(b *testing.B, acts *workflows.Activities) (read, unreadable int) {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(workflows.NewZapAdapter(zap.NewNop()))
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterWorkflowWithOptions(workflows.AnalysisWorkflow, workflow.RegisterOptions{Name: workflows.AnalysisWorkflowName})
	env.RegisterActivityWithOptions(acts.ReadUsage, activity.RegisterOptions{Name: workflows.ActivityReadUsage})
	env.RegisterActivityWithOptions(acts.GatherBatch, activity.RegisterOptions{Name: workflows.ActivityGatherBatch})
	env.SetTestTimeout(10 * time.Minute)
	env.ExecuteWorkflow(workflows.AnalysisWorkflowName, workflows.AnalysisRequest{})
	if err := env.GetWorkflowError(); err != nil {
		b.Fatalf("analysis: %v", err)
	}
	var head workflows.AnalysisReport
	if err := env.GetWorkflowResult(&head); err != nil {
		b.Fatalf("decoding the result: %v", err)
	}
	return head.Summary.Namespaces, head.Summary.Unknown
}

func runAnalysisScale(b *testing.B, concurrency int, goal, paged bool) {
	b.StopTimer()
	cloud := simcloud.New(scaleAccount(), simcloud.Options{
		APIKey: scaleKey, Latency: scaleLatency, RateLimit: scaleRate, RateBurst: scaleBurst,
	})
	if err := cloud.Start(); err != nil {
		b.Fatalf("starting the simulated cloud: %v", err)
	}
	defer cloud.Close()
	client, err := cloudops.New(cloudops.Options{Address: cloud.GRPCAddr(), APIKey: scaleKey, Insecure: true, RateLimit: scaleRate})
	if err != nil {
		b.Fatalf("cloud ops client: %v", err)
	}
	defer func() { _ = client.Close() }()
	acts := &workflows.Activities{Cloud: client, Concurrency: concurrency}
	run := scaleRun(gatherActivity)
	if paged {
		run = pagedWorkflow
	}

	b.StartTimer()
	start := time.Now()
	read, unreadable := run(b, acts)
	wall := time.Since(start)
	b.StopTimer()
	if read != scaleNamespaces || unreadable != 0 {
		b.Fatalf("%d namespaces read (%d unreadable), want %d, all readable", read, unreadable, scaleNamespaces)
	}

	st := cloud.Stats()
	calls := 0
	for _, n := range st.Calls {
		calls += n
	}
	if want := 2*scaleNamespaces + 1; calls != want { // one GetNamespaces page of 1,000
		b.Errorf("%d calls, want %d: the floor would be wrong", calls, want)
	}
	floor := time.Duration(float64(calls) / scaleRate * float64(time.Second))
	ratio := wall.Seconds() / floor.Seconds()
	b.ReportMetric(ratio, "x_floor")
	b.ReportMetric(float64(st.RateViolations), "violations")
	b.ReportMetric(float64(calls), "calls")
	b.ReportMetric(wall.Seconds(), "wall_s")
	b.ReportMetric(float64(st.MaxConcurrency), "max_inflight")
	b.Logf("concurrency %d: %d calls in %v, floor %v (%.3f× floor), %d over budget, at most %d in flight",
		concurrency, calls, wall.Round(time.Millisecond), floor, ratio, st.RateViolations, st.MaxConcurrency)
	if st.RateViolations != 0 {
		b.Errorf("%d calls over the %d/s budget, want none", st.RateViolations, scaleRate)
	}
	if goal && ratio > scaleGoal {
		b.Errorf("wall time %.3f× the floor, goal ≤ %.2f×", ratio, scaleGoal)
	}
}
