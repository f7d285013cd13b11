package perf

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	childNamespaces = 1000
	// childRate is faster than CLOUD_OPS_RATE_LIMIT's default of 40/s so
	// that the run takes seconds, not a minute; memory is held per
	// namespace, not per second.
	childRate    = 200
	childLatency = 20 * time.Millisecond
)

func childAccount() simcloud.Account {
	acct := simcloud.Account{ID: "perf1000"}
	for i := range childNamespaces {
		n := simcloud.Namespace{ID: fmt.Sprintf("svc-%04d.perf1000", i), Capacity: clients.OnDemand(),
			APS: float64(i % 700), Stats: clients.APSStats{Mean: float64(i % 500), P90: float64(i % 650), P99: float64(i % 800)}}
		if i%4 == 0 {
			n.Capacity = clients.Provisioned(float64(2 + i%3))
		}
		acct.Namespaces = append(acct.Namespaces, n)
	}
	return acct
}

// TestFootprintChild is the child process of BenchmarkFootprint's
// "analysis-1000-in-process": it runs only when that benchmark starts it.
func TestFootprintChild(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("only run as BenchmarkFootprint's child process")
	}
	c := startTemporal(t)
	cloud, ops, usage, closeCloud := startSimAccount(t, childAccount(), simcloud.Options{Latency: childLatency}, childRate)
	defer closeCloud()
	acts := &workflows.Activities{Cloud: ops, Usage: usage, Notifier: discardNotifier{}, Simulated: true}
	startWorkerOn(t, c, perfTaskQueue, acts)

	runtime.GC()
	idle, err := ReadMem(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	fp := childFootprint{Idle: idle, RateLimitPS: childRate, IdleGoroutines: runtime.NumGoroutine()}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { sampleSelf(stop, &fp) })

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	start := time.Now()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "perf-analysis-1000", TaskQueue: perfTaskQueue},
		workflows.AnalysisWorkflowName, workflows.AnalysisRequest{Channel: "CPERF", Requester: "UPERF", Post: true})
	if err != nil {
		t.Fatalf("starting the analysis: %v", err)
	}
	var report workflows.AnalysisReport
	err = run.Get(ctx, &report)
	fp.Seconds = time.Since(start).Seconds()
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("analysis: %v", err)
	}
	fp.Namespaces = len(report.Rows)
	if fp.Namespaces != childNamespaces {
		t.Fatalf("report has %d rows, want %d", fp.Namespaces, childNamespaces)
	}
	for _, n := range cloud.Stats().Calls {
		fp.CloudCalls += n
	}
	out, err := json.Marshal(fp)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Println(childMarker + string(out))
}

// sampleSelf records this process's peak memory (every 20ms) and heap in use
// and goroutines (every 200ms: ReadMemStats stops the world) until stop.
func sampleSelf(stop <-chan struct{}, fp *childFootprint) {
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		if m, err := ReadMem(os.Getpid()); err == nil {
			fp.Peak = Mem{RSS: max(fp.Peak.RSS, m.RSS), Anon: max(fp.Peak.Anon, m.Anon), File: max(fp.Peak.File, m.File)}
		}
		if i%10 == 0 {
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			fp.PeakHeap = max(fp.PeakHeap, ms.HeapInuse)
			fp.Goroutines = max(fp.Goroutines, runtime.NumGoroutine())
		}
		select {
		case <-stop:
			return
		case <-tick.C:
		}
	}
}
