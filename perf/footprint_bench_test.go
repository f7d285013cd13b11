package perf

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/testworld"
)

const (
	footprintReady = 3 * time.Minute
	// footprintIdle is how long the idle RSS is watched after /readyz; the
	// peak over that window is reported.
	footprintIdle     = 3 * time.Second
	footprintAnalysis = 3 * time.Minute
	// reportMarker is the first words of the console's analysis report.
	reportMarker = "Capacity report"
	childEnv     = "PERF_FOOTPRINT_CHILD"
	childMarker  = "PERF_FOOTPRINT "
)

// BenchmarkFootprint measures memory and size at the process level. It is
// slow (it builds the binary and starts the embedded Temporal server three
// times), so it only runs when asked for:
//
//	go test -run '^$' -bench Footprint -benchtime 1x ./perf/
//
// "binary": the static binary's size; its RSS idle with nothing configured
// (console, embedded Temporal server, simulated demo account) and at peak
// during `/capacity analyze` of the demo account (12 namespaces); the same
// for a second bot that uses the first one's Temporal server
// (TEMPORAL_ADDRESS), i.e. the bot without a server in its process.
// "analysis-1000-in-process": the binary cannot be pointed at a larger
// simulated account, so the worker, the embedded server, a 1,000-namespace
// simulated cloud and the real analysis workflow run in a child test
// process, whose RSS is read before and during the analysis.
func BenchmarkFootprint(b *testing.B) {
	if _, err := RSS(os.Getpid()); err != nil {
		b.Skipf("no VmRSS on this system: %v", err)
	}
	b.Run("binary", benchBinaryFootprint)
	b.Run("analysis-1000-in-process", benchAnalysisFootprint)
}

func benchBinaryFootprint(b *testing.B) {
	b.StopTimer()
	bin, _, err := testworld.BuildBinary(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	// The size is what ships: static, trimmed and stripped (slow on a
	// cold cache).
	shipped, _, err := testworld.BuildDockerBinary(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	size := fileSize(b, shipped)
	for range b.N {
		_, port, _ := net.SplitHostPort(testworld.FreeAddr(b))
		embedded := startBot(b, bin, "EMBEDDED_TEMPORAL_PORT="+port)
		ready := embedded.waitReady(b, footprintReady)
		idle, peak, took := measureBot(b, embedded)

		external := startBot(b, bin, "TEMPORAL_ADDRESS=127.0.0.1:"+port, "TASK_QUEUE=perf-external")
		external.waitReady(b, footprintReady)
		extIdle, extPeak, _ := measureBot(b, external)

		b.ReportMetric(MiB(size), "binary_MiB")
		b.ReportMetric(ready.Seconds(), "ready_s")
		b.ReportMetric(MiB(idle.RSS), "idle_MiB")
		b.ReportMetric(MiB(idle.Anon), "idle_anon_MiB")
		b.ReportMetric(MiB(peak.RSS), "demo_analysis_peak_MiB")
		b.ReportMetric(MiB(extIdle.RSS), "external_idle_MiB")
		b.ReportMetric(MiB(extIdle.Anon), "external_idle_anon_MiB")
		b.ReportMetric(MiB(extPeak.RSS), "external_demo_analysis_peak_MiB")
		b.Logf("binary %.1f MiB as the Dockerfile builds it; embedded server: ready in %v, idle %s, demo analysis (%v) peak %s; "+
			"external Temporal: idle %s, demo analysis peak %s",
			MiB(size), ready.Round(time.Millisecond), memText(idle), took.Round(time.Millisecond), memText(peak),
			memText(extIdle), memText(extPeak))
		external.stop(b)
		embedded.stop(b)
	}
}

func fileSize(b *testing.B, path string) int64 {
	b.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	return fi.Size()
}

func memText(m Mem) string {
	return fmt.Sprintf("RSS %.1f MiB (anon %.1f, file %.1f)", MiB(m.RSS), MiB(m.Anon), MiB(m.File))
}

// measureBot reads the idle memory (peak over footprintIdle), then types
// /capacity analyze and samples until the report is printed.
func measureBot(b *testing.B, p *botProcess) (idle, peak Mem, took time.Duration) {
	b.Helper()
	pid := p.cmd.Process.Pid
	idle, _ = sampleMem(b, pid, 100*time.Millisecond, footprintIdle, func() bool { return false })
	start := time.Now()
	if _, err := io.WriteString(p.stdin, "/capacity analyze\n"); err != nil {
		b.Fatalf("typing the command: %v", err)
	}
	peak, ok := sampleMem(b, pid, 20*time.Millisecond, footprintAnalysis, func() bool {
		return strings.Contains(p.stdout.String(), reportMarker)
	})
	if !ok {
		b.Fatalf("no report within %v; console:\n%s\nlog:\n%s", footprintAnalysis, testworld.Tail(p.stdout.String(), tailLines), testworld.Tail(p.stderr.String(), tailLines))
	}
	return idle, peak, time.Since(start)
}

// childFootprint is what the child process reports.
type childFootprint struct {
	Namespaces int     `json:"namespaces"`
	Idle       Mem     `json:"idle"`
	Peak       Mem     `json:"peak"`
	PeakHeap   uint64  `json:"peakHeapInuse"`
	Seconds    float64 `json:"seconds"`
	Goroutines int     `json:"peakGoroutines"`
	// IdleGoroutines is before the analysis: mostly the embedded server's.
	IdleGoroutines int     `json:"idleGoroutines"`
	CloudCalls     int     `json:"cloudCalls"`
	RateLimitPS    float64 `json:"rateLimit"`
}

func benchAnalysisFootprint(b *testing.B) {
	b.StopTimer()
	for range b.N {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFootprintChild$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), childEnv+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child process: %v\n%s", err, testworld.Tail(string(out), tailLines))
		}
		var fp childFootprint
		found := false
		for line := range strings.Lines(string(out)) {
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), childMarker); ok {
				if err := json.Unmarshal([]byte(rest), &fp); err != nil {
					b.Fatalf("child's figures %q: %v", rest, err)
				}
				found = true
			}
		}
		if !found {
			b.Fatalf("the child printed no figures:\n%s", testworld.Tail(string(out), tailLines))
		}
		b.ReportMetric(MiB(fp.Idle.RSS), "idle_MiB")
		b.ReportMetric(MiB(fp.Peak.RSS), "peak_MiB")
		b.ReportMetric(MiB(fp.Peak.Anon), "peak_anon_MiB")
		b.ReportMetric(MiB(int64(fp.PeakHeap)), "peak_heap_MiB")
		b.ReportMetric(fp.Seconds, "analysis_s")
		b.Logf("%s", fmt.Sprintf("in-process worker + embedded server + simulated cloud: %d namespaces analyzed in %.1fs (%d Cloud Ops calls at %.0f/s); "+
			"before: %s; peak: %s (heap in use %.1f MiB peak, goroutines %d before, %d peak)",
			fp.Namespaces, fp.Seconds, fp.CloudCalls, fp.RateLimitPS, memText(fp.Idle), memText(fp.Peak), MiB(int64(fp.PeakHeap)), fp.IdleGoroutines, fp.Goroutines))
	}
}
