package perf

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	boostCount = 20
	// boostHold is how long each boost lasts: long enough for 20 applies
	// (each waits for its operation and verifies) to finish before the end
	// on a busy 2-core machine, so the revert starts from the hold.
	boostHold = 20 * time.Second
	// boostGoal is the target: a boost starts reverting within 2s
	// of its end.
	boostGoal   = 2 * time.Second
	boostOpTime = 500 * time.Millisecond
	boostRate   = 40 // CLOUD_OPS_RATE_LIMIT's default
)

// boostAccount is boostCount on-demand namespaces.
func boostAccount() simcloud.Account {
	acct := simcloud.Account{ID: "perf1"}
	for i := range boostCount {
		acct.Namespaces = append(acct.Namespaces, simcloud.Namespace{ID: fmt.Sprintf("event-%02d.perf1", i), Capacity: clients.OnDemand()})
	}
	return acct
}

// BenchmarkBoostRevertLateness runs 20 boosts at once, on 20 namespaces of
// a simulated account, with the real boost workflow on the embedded Temporal
// server and the real Cloud Ops client. For each boost it measures how late
// after its end time the revert's UpdateNamespace reached the simulated
// cloud. Goal: < 2 s. "paced-40rps" is the default CLOUD_OPS_RATE_LIMIT,
// under which 20 simultaneous reverts (a read and an update each) need a
// second; "unpaced" shows what Temporal itself adds (timer, workflow and
// activity tasks).
//
//	go test -run '^$' -bench BoostRevertLateness -benchtime 1x ./perf/
func BenchmarkBoostRevertLateness(b *testing.B) {
	c := startTemporal(b)
	for _, tc := range []struct {
		name string
		rate float64
	}{{"paced-40rps", boostRate}, {"unpaced", 0}} {
		b.Run(tc.name, func(b *testing.B) {
			var late []time.Duration
			for range b.N {
				late = append(late, boostRound(b, c, tc.rate)...)
			}
			s := Summarize(late)
			b.ReportMetric(Ms(s.Min), "min_ms")
			b.ReportMetric(Ms(s.P50), "p50_ms")
			b.ReportMetric(Ms(s.P99), "p99_ms")
			b.ReportMetric(Ms(s.Max), "max_ms")
			b.ReportMetric(Ms(s.Max)/Ms(boostGoal), "max/goal")
			if tc.rate > 0 {
				// Each revert is a GetNamespace and an UpdateNamespace.
				floor := time.Duration(float64(2*boostCount) / tc.rate * float64(time.Second))
				b.ReportMetric(Ms(floor), "pacing_floor_ms")
			}
			b.Logf("%d boosts at once, %v each, rate limit %v/s: revert reached the cloud after the end time by %s",
				boostCount, boostHold, tc.rate, s)
			if s.Max >= boostGoal {
				b.Errorf("a revert started %v after its end time, goal < %v", s.Max, boostGoal)
			}
		})
	}
}

// boostRound runs one batch of boosts to completion against a fresh
// simulated account and worker, returning each revert's lateness.
func boostRound(b *testing.B, c client.Client, rate float64) []time.Duration {
	b.StopTimer()
	cloud, ops, _, stop := startSimAccount(b, boostAccount(), simcloud.Options{OpDelay: boostOpTime, CheckDuration: time.Second}, rate)
	defer stop()
	rec := &recordingCloud{CloudOps: ops}
	acts := &workflows.Activities{Cloud: rec, Notifier: discardNotifier{}, Simulated: true,
		Policy: workflows.Policy{MaxTRUs: 12, MaxDuration: time.Hour}}
	// One worker per round: the activities hold this round's cloud.
	tq := fmt.Sprintf("%s-%d", perfTaskQueue, time.Now().UnixNano())
	startWorkerOn(b, c, tq, acts)

	ctx, cancel := context.WithTimeout(context.Background(), boostHold+2*time.Minute)
	defer cancel()
	b.StartTimer()
	end := time.Now().Add(boostHold).Truncate(time.Millisecond)
	runs := make([]client.WorkflowRun, boostCount)
	for i, ns := range boostAccount().Namespaces {
		req := workflows.BoostRequest{Namespace: ns.ID, TRUs: 4, End: end, Reason: "perf", Requester: "UPERF", Channel: "CPERF"}
		run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID: fmt.Sprintf("%s-%d", workflows.BoostWorkflowID(ns.ID), end.UnixNano()), TaskQueue: tq,
		}, workflows.BoostWorkflowName, req)
		if err != nil {
			b.Fatalf("starting boost of %s: %v", ns.ID, err)
		}
		runs[i] = run
	}
	var wg sync.WaitGroup
	results := make([]workflows.BoostStatus, boostCount)
	errs := make([]error, boostCount)
	for i, run := range runs {
		wg.Go(func() { errs[i] = run.Get(ctx, &results[i]) })
	}
	wg.Wait()
	b.StopTimer()

	for i, st := range results {
		if errs[i] != nil {
			b.Fatalf("boost %d: %v", i, errs[i])
		}
		if !st.Reverted || !st.Verified || st.Phase != workflows.PhaseDone {
			b.Fatalf("boost of %s ended %s (reverted %v, verified %v): %s %s", st.Request.Namespace, st.Phase, st.Reverted, st.Verified, st.Message, st.Error)
		}
	}
	reverts := map[string]time.Time{}
	for _, call := range rec.recorded() {
		if call.Target.Equal(clients.OnDemand()) {
			if _, seen := reverts[call.Namespace]; !seen {
				reverts[call.Namespace] = call.Done
			}
		}
	}
	late := make([]time.Duration, 0, boostCount)
	for _, ns := range boostAccount().Namespaces {
		at, ok := reverts[ns.ID]
		if !ok {
			b.Fatalf("no revert of %s reached the cloud", ns.ID)
		}
		if at.Before(end) {
			b.Fatalf("%s reverted at %v, before its end %v", ns.ID, at, end)
		}
		_, capNow, _ := cloud.Snapshot(ns.ID)
		if !capNow.Current.Equal(clients.OnDemand()) {
			b.Fatalf("%s is %v after the boost, want on-demand", ns.ID, capNow.Current)
		}
		late = append(late, at.Sub(end))
	}
	return late
}
