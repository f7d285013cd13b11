package telemetry

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	dto "github.com/prometheus/client_model/go"

	"github.com/capacitybot/capacitybot/clients"
)

// gauge reads one unlabelled gauge from the registry by name.
func gauge(t *testing.T, m *Metrics, name string) float64 {
	t.Helper()
	fams, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == name {
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("%s not served", name)
	return 0
}

func TestHourWindowCountsTheLastHourToTheMinute(t *testing.T) {
	base := time.Date(2026, 1, 1, 10, 0, 30, 0, time.UTC)
	w := &hourWindow{}
	for i := range 3 {
		w.add(base.Add(time.Duration(i) * time.Minute)) // 10:00, 10:01, 10:02
	}
	w.add(base.Add(30 * time.Minute))
	tests := []struct {
		at   time.Duration
		want int
	}{
		{0, 1},
		{2 * time.Minute, 3},
		{59 * time.Minute, 4},
		{60 * time.Minute, 3},  // 10:00's bucket left the window
		{62 * time.Minute, 1},  // only 10:30 left
		{90 * time.Minute, 0},  // all gone
		{-time.Minute, 0},      // a clock before every event counts none
		{120 * time.Minute, 0}, // a bucket reused an hour later is not counted twice
	}
	for _, tt := range tests {
		if got := w.count(base.Add(tt.at)); got != tt.want {
			t.Errorf("count at +%s = %d, want %d", tt.at, got, tt.want)
		}
	}
	w.add(base.Add(120 * time.Minute)) // reuses 10:00's bucket
	if got := w.count(base.Add(120 * time.Minute)); got != 1 {
		t.Errorf("after reuse: %d, want 1", got)
	}
}

func TestObserveCloudCountsErrorsByKindAndMetricsRequests(t *testing.T) {
	m := New()
	m.ObserveCloud(APIMetrics, "GetMetrics", time.Now(), nil)
	m.ObserveCloud(APIMetrics, "GetMetrics", time.Now(), &clients.Error{Kind: clients.KindRateLimited})
	m.ObserveCloud(APICloudOps, "GetNamespace", time.Now(), &clients.Error{Kind: clients.KindPermission})
	m.ObserveCloud(APICloudOps, "GetNamespace", time.Now(), errors.New("not a client error"))

	tests := []struct {
		api  string
		kind clients.ErrorKind
		want float64
	}{
		{APIMetrics, clients.KindRateLimited, 1},
		{APICloudOps, clients.KindPermission, 1},
		{APICloudOps, clients.KindInternal, 1},
		{APIMetrics, clients.KindPermission, 0},
	}
	for _, tt := range tests {
		if got := testutil.ToFloat64(m.CloudErrors.WithLabelValues(tt.api, string(tt.kind))); got != tt.want {
			t.Errorf("errors{%s,%s} = %v, want %v", tt.api, tt.kind, got, tt.want)
		}
	}
	if got := gauge(t, m, "capacitybot_metrics_api_requests_last_hour"); got != 2 {
		t.Errorf("metrics requests last hour = %v, want 2 (cloudops calls not counted)", got)
	}
}

func TestEveryErrorKindStartsAtZero(t *testing.T) {
	m := New()
	want := 2 * len(clients.Kinds())
	if got := testutil.CollectAndCount(m.CloudErrors); got != want {
		t.Errorf("%d error series preset, want %d", got, want)
	}
}

func TestSourcedGaugesReadTheirSourceAtScrapeTime(t *testing.T) {
	m := New()
	for _, name := range []string{"capacitybot_ready", "capacitybot_slack_socket_connections_open", "capacitybot_watch_incidents_open"} {
		if got := gauge(t, m, name); got != 0 {
			t.Errorf("%s before a source = %v, want 0", name, got)
		}
	}
	ready, open := false, 0
	var watchErr error
	m.SetReadiness(func() bool { return ready }, func() bool { return false })
	m.SetSlackSockets(func() int { return open }, 2)
	m.SetWatchIncidents(func() (int, error) { return 3, watchErr })

	ready, open = true, 1
	checks := map[string]float64{
		"capacitybot_ready": 1, "capacitybot_draining": 0, "capacitybot_slack_socket_connections_open": 1,
		"capacitybot_slack_socket_connections_configured": 2, "capacitybot_watch_incidents_open": 3,
	}
	for name, want := range checks {
		if got := gauge(t, m, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	watchErr = errors.New("query failed")
	if got := gauge(t, m, "capacitybot_watch_incidents_open"); !math.IsNaN(got) {
		t.Errorf("watch incidents on a failed query = %v, want NaN", got)
	}
}

func TestKeyExpiryCountsDownAndIsAbsentUntilSet(t *testing.T) {
	m := New()
	if n := testutil.CollectAndCount(m.keyExpiry); n != 0 {
		t.Fatalf("%d key expiry series before any was set", n)
	}
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	m.SetKeyExpiry(APICloudOps, at.Add(36*time.Hour))
	ch := make(chan prometheus.Metric, 1)
	m.keyExpiry.collectAt(ch, at)
	var pb dto.Metric
	if err := (<-ch).Write(&pb); err != nil {
		t.Fatal(err)
	}
	if got := pb.GetGauge().GetValue(); got != 1.5 {
		t.Errorf("days to expiry = %v, want 1.5", got)
	}
}

func TestNilMetricsIsSafe(t *testing.T) {
	var m *Metrics
	m.ObserveCloud(APIMetrics, "GetMetrics", time.Now(), nil)
	m.ObserveAlert("error")
	m.ObserveRevertFailure()
	m.SetKeyExpiry(APIMetrics, time.Now())
	m.SetReadiness(nil, nil)
	m.SetSlackSockets(nil, 0)
	m.SetWatchIncidents(nil)
	m.PresetSlack([]string{"chat.update"})
}
