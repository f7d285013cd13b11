package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/capacitybot/capacitybot/internal/health"
	"github.com/capacitybot/capacitybot/internal/testworld"
)

// probeEvery is how often the test asks /readyz: often enough to see the
// drain, which lasts as long as the embedded server takes to stop.
const probeEvery = 5 * time.Millisecond

// probe is one /readyz answer; refused is set when nothing listened.
type probe struct {
	refused bool
	code    int
	body    health.Readiness
}

func getReadyz(client *http.Client, addr string) (probe, error) {
	resp, err := client.Get("http://" + addr + "/readyz")
	if err != nil {
		if isRefused(err) {
			return probe{refused: true}, nil
		}
		return probe{}, fmt.Errorf("GET /readyz: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	p := probe{code: resp.StatusCode}
	if err := json.NewDecoder(resp.Body).Decode(&p.body); err != nil {
		return probe{}, fmt.Errorf("GET /readyz %d: decoding the body: %w", resp.StatusCode, err)
	}
	return p, nil
}

func isRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }

func TestReadinessHealthMetricsAndDrain(t *testing.T) {
	t.Parallel()
	addr := testworld.FreeAddr(t)
	client := &http.Client{Timeout: 3 * time.Second}
	p := startProc(t, procOptions{name: "readiness", dataDir: newDataDir(t), httpAddr: addr})

	// Before ready: refused or 503 with ready=false; then 200 with every part ok.
	var seen503, seenRefused int
	deadline := time.Now().Add(startupLimit)
	var ready probe
	for {
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not 200 within %s (%d refused, %d × 503)", startupLimit, seenRefused, seen503)
		}
		pr, err := getReadyz(client, addr)
		if err != nil {
			t.Fatal(err)
		}
		if pr.refused {
			seenRefused++
		} else if pr.code == http.StatusServiceUnavailable {
			if pr.body.Ready || pr.body.Draining {
				t.Fatalf("/readyz 503 before ready says ready=%v draining=%v, want both false", pr.body.Ready, pr.body.Draining)
			}
			seen503++
		} else if pr.code == http.StatusOK {
			ready = pr
			break
		} else {
			t.Fatalf("/readyz answered %d while starting, want 503 or 200", pr.code)
		}
		time.Sleep(probeEvery) // the probe interval, not synchronisation
	}
	t.Logf("/readyz 200 %s after start, after %d refused and %d × 503", time.Since(p.started).Round(time.Millisecond), seenRefused, seen503)
	if !ready.body.Ready || ready.body.Draining {
		t.Errorf("/readyz 200 body ready=%v draining=%v, want true, false", ready.body.Ready, ready.body.Draining)
	}
	for _, part := range []string{"worker", "chat"} {
		if _, ok := ready.body.Parts[part]; !ok {
			t.Errorf("/readyz parts %v lack %q", ready.body.Parts, part)
		}
	}
	for name, state := range ready.body.Parts {
		if state != "ok" {
			t.Errorf("/readyz 200 with part %s = %q, want ok", name, state)
		}
	}

	if code, body := get(t, client, addr, "/healthz"); code != http.StatusOK || strings.TrimSpace(body) != "ok" {
		t.Errorf("/healthz = %d %q, want 200 ok", code, body)
	}

	// A command that reads the cloud: commands and Cloud API calls get samples.
	p.send("/capacity analyze payments")
	p.waitLine(0, "Capacity report", 60*time.Second)
	families := scrape(t, client, addr)
	if n := sampleCount(families, "capacitybot_commands_total", map[string]string{"command": "analyze", "outcome": "ok"}); n != 1 {
		t.Errorf("capacitybot_commands_total{command=analyze,outcome=ok} = %v, want 1", n)
	}
	if n := sampleCount(families, "capacitybot_cloud_api_calls_total", nil); n < 1 {
		t.Errorf("capacitybot_cloud_api_calls_total has %v calls after an analysis, want at least 1", n)
	}
	// Known series exist from the start at zero, so alerts on them see data.
	if _, ok := families["capacitybot_boost_phase_transitions_total"]; !ok {
		t.Errorf("/metrics lacks capacitybot_boost_phase_transitions_total before any boost")
	}
	if n := sampleCount(families, "capacitybot_boost_phase_transitions_total", map[string]string{"phase": "failed"}); n != 0 {
		t.Errorf("capacitybot_boost_phase_transitions_total{phase=failed} = %v before any boost, want 0", n)
	}
	if f, ok := families["capacitybot_slack_ack_seconds"]; !ok || f.GetType() != dto.MetricType_HISTOGRAM {
		t.Errorf("/metrics lacks the histogram capacitybot_slack_ack_seconds")
	}

	// SIGTERM: /readyz turns 503 draining before the server goes away.
	p.signal(syscall.SIGTERM)
	termAt := time.Now()
	var drainSeen bool
	var drainProbes int
	for {
		pr, err := getReadyz(client, addr)
		if err != nil {
			t.Fatal(err)
		}
		if pr.refused {
			break
		}
		switch {
		case pr.code == http.StatusServiceUnavailable && pr.body.Draining && !pr.body.Ready:
			drainSeen = true
			drainProbes++
		case pr.code == http.StatusServiceUnavailable && !pr.body.Ready && notOK(pr.body.Parts) != "":
			// A part already stopping: /readyz reads the draining flag before
			// it runs the checks, so an answer racing SetDraining can say
			// draining=false with the worker "stopping". Still 503.
			t.Logf("/readyz after SIGTERM: 503 draining=false with %s", notOK(pr.body.Parts))
		case pr.code == http.StatusOK && !drainSeen:
			// the signal not handled yet; once draining, never ready again
		default:
			t.Fatalf("/readyz after SIGTERM = %d ready=%v draining=%v parts %v, want 200 then 503 draining",
				pr.code, pr.body.Ready, pr.body.Draining, pr.body.Parts)
		}
		select {
		case <-p.exited:
		case <-time.After(probeEvery):
		}
	}
	t.Logf("after SIGTERM: %d × 503 draining over %s until the health server closed", drainProbes, time.Since(termAt).Round(time.Millisecond))
	if !drainSeen {
		t.Errorf("/readyz refused connections before it was seen 503 draining")
	}
	if code := p.waitExit(30 * time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM, want 0", code)
	}
	if logs := p.stderr.String(); !strings.Contains(logs, "signal received: draining") {
		t.Errorf("the log does not say the signal started the drain")
	}
}

// notOK names the parts that are not ok, or "" when all are.
func notOK(parts map[string]string) string {
	var bad []string
	for name, state := range parts {
		if state != "ok" {
			bad = append(bad, name+"="+state)
		}
	}
	return strings.Join(bad, ", ")
}

func get(t *testing.T, client *http.Client, addr, path string) (int, string) {
	t.Helper()
	resp, err := client.Get("http://" + addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: reading the body: %v", path, err)
	}
	return resp.StatusCode, string(body)
}

func scrape(t *testing.T, client *http.Client, addr string) map[string]*dto.MetricFamily {
	t.Helper()
	code, body := get(t, client, addr, "/metrics")
	if code != http.StatusOK {
		t.Fatalf("GET /metrics = %d", code)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	if err != nil {
		t.Fatalf("parsing /metrics: %v", err)
	}
	return families
}

// sampleCount sums a counter's samples whose labels include want (nil: all).
func sampleCount(families map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	f, ok := families[name]
	if !ok {
		return 0
	}
	var sum float64
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		match := true
		for k, v := range want {
			if labels[k] != v {
				match = false
			}
		}
		if match {
			sum += m.GetCounter().GetValue()
		}
	}
	return sum
}
