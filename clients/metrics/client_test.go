package metrics

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

const testKey = "secret-test-key-123"

const okBody = `# TYPE temporal_cloud_v1_total_action_count gauge
temporal_cloud_v1_total_action_count{temporal_namespace="pay.acct",is_background="false"} 42 1609459200000
temporal_cloud_v1_action_limit{temporal_namespace="pay.acct"} 500 1609459200000
# EOF
`

func TestFetchUsage(t *testing.T) {
	tests := []struct {
		name         string
		status       int
		headers      map[string]string
		body         string
		wantKind     clients.ErrorKind // "" for success
		wantRetry    time.Duration
		wantComplete string
		wantWarning  string
	}{
		{name: "complete", status: 200, headers: map[string]string{"X-Completeness": "complete"}, body: okBody, wantComplete: "complete"},
		{name: "no completeness header", status: 200, body: okBody, wantComplete: "unknown", wantWarning: "did not say whether the data is complete"},
		{name: "429 with seconds", status: 429, headers: map[string]string{"Retry-After": "120"}, wantKind: clients.KindRateLimited, wantRetry: 2 * time.Minute},
		{name: "429 without Retry-After", status: 429, wantKind: clients.KindRateLimited},
		{name: "503", status: 503, body: "upstream down", wantKind: clients.KindUnavailable},
		{name: "500", status: 500, wantKind: clients.KindUnavailable},
		{name: "401", status: 401, body: "bad key", wantKind: clients.KindPermission},
		{name: "403", status: 403, wantKind: clients.KindPermission},
		{name: "400", status: 400, body: "unknown metric", wantKind: clients.KindInvalid},
		{name: "malformed 200", status: 200, body: "<html>oops</html>\n", wantKind: clients.KindMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var gotReq *http.Request
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				gotReq = r.Clone(context.Background())
				for k, v := range tt.headers {
					w.Header().Set(k, v)
				}
				w.Header().Set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			}))
			defer srv.Close()
			m := telemetry.New()
			c := New(Options{BaseURL: srv.URL + "/", APIKey: testKey, HTTPClient: srv.Client(), Metrics: m})

			snap, err := c.FetchUsage(context.Background())

			checkRequest(t, gotReq)
			outcome := "ok"
			if tt.wantKind != "" {
				outcome = "error"
			}
			if n := counterValue(t, m, outcome); n != 1 {
				t.Errorf("cloud calls{outcome=%s} = %v, want 1", outcome, n)
			}
			if tt.wantKind != "" {
				var ce *clients.Error
				if !errors.As(err, &ce) {
					t.Fatalf("error %v is not a *clients.Error", err)
				}
				if ce.Kind != tt.wantKind || ce.RetryAfter != tt.wantRetry || ce.Op != "GetMetrics" {
					t.Errorf("error = %+v, want kind %s retry %s op GetMetrics", ce, tt.wantKind, tt.wantRetry)
				}
				if strings.Contains(err.Error(), testKey) {
					t.Errorf("error %q leaks the API key", err)
				}
				if tt.body != "" && ce.Kind != clients.KindMalformed && !strings.Contains(err.Error(), tt.body) {
					t.Errorf("error %q does not quote the server's reason %q", err, tt.body)
				}
				return
			}
			if err != nil {
				t.Fatalf("FetchUsage: %v", err)
			}
			if snap.Completeness != tt.wantComplete {
				t.Errorf("Completeness = %q, want %q", snap.Completeness, tt.wantComplete)
			}
			if tt.wantWarning == "" && len(snap.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", snap.Warnings)
			}
			if tt.wantWarning != "" && !containsSubstring(snap.Warnings, tt.wantWarning) {
				t.Errorf("warnings %q lack %q", snap.Warnings, tt.wantWarning)
			}
			u, ok := snap.Namespaces["pay.acct"]
			if !ok || u.ActionsPerSecond != 42 || u.ActionLimit != 500 {
				t.Errorf("pay.acct = %+v (found %v), want aps 42 limit 500", u, ok)
			}
		})
	}
}

// TestFetchUsageContentType checks that the response's Content-Type picks
// the format: a fractional timestamp is OpenMetrics seconds, and malformed in
// the Prometheus text format, whose timestamps are integer milliseconds.
func TestFetchUsageContentType(t *testing.T) {
	const body = `temporal_cloud_v1_total_action_count{temporal_namespace="a"} 3 1609459200.5` + "\n# EOF\n"
	tests := []struct {
		contentType string
		wantKind    clients.ErrorKind // "" for success
	}{
		{"application/openmetrics-text; version=1.0.0; charset=utf-8", ""},
		{"", ""},
		{"text/plain; version=0.0.4; charset=utf-8", clients.KindMalformed},
	}
	for _, tt := range tests {
		t.Run(tt.contentType, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = []string{tt.contentType}
				_, _ = w.Write([]byte(body))
			}))
			defer srv.Close()
			snap, err := New(Options{BaseURL: srv.URL, APIKey: testKey, HTTPClient: srv.Client()}).FetchUsage(context.Background())
			if tt.wantKind != "" {
				if clients.KindOf(err) != tt.wantKind {
					t.Fatalf("err = %v, want kind %s", err, tt.wantKind)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := time.Date(2021, 1, 1, 0, 0, 0, 500e6, time.UTC)
			if u := snap.Namespaces["a"]; u.ActionsPerSecond != 3 || !u.Timestamp.Equal(want) {
				t.Errorf("a = %+v, want 3 actions/s at %v", u, want)
			}
		})
	}
}

func checkRequest(t *testing.T, r *http.Request) {
	t.Helper()
	if r == nil {
		t.Fatal("server got no request")
	}
	if r.Method != http.MethodGet || r.URL.Path != "/v1/metrics" {
		t.Errorf("request %s %s, want GET /v1/metrics", r.Method, r.URL.Path)
	}
	if got := r.URL.Query()["metrics"]; !slices.Equal(got, clients.UsageMetricNames) {
		t.Errorf("metrics params = %q, want %q", got, clients.UsageMetricNames)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer "+testKey {
		t.Errorf("Authorization = %q", got)
	}
	if got := r.Header.Get("Accept"); !strings.HasPrefix(got, "application/openmetrics-text; version=1.0.0") {
		t.Errorf("Accept = %q", got)
	}
}

func TestFetchUsageConnectionErrors(t *testing.T) {
	t.Run("connection refused", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		url := srv.URL
		srv.Close()
		_, err := New(Options{BaseURL: url, APIKey: testKey}).FetchUsage(context.Background())
		if clients.KindOf(err) != clients.KindUnavailable {
			t.Fatalf("err = %v, want KindUnavailable", err)
		}
	})
	t.Run("timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}))
		defer srv.Close()
		defer close(release)
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := New(Options{BaseURL: srv.URL, APIKey: testKey}).FetchUsage(ctx)
		if clients.KindOf(err) != clients.KindUnavailable || !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want KindUnavailable wrapping DeadlineExceeded", err)
		}
	})
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"30", 30 * time.Second},
		{" 5 ", 5 * time.Second},
		{"0", 0},
		{"-3", 0},
		{"soon", 0},
		{"99999999", 24 * time.Hour},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
		{"Thu, 26 Nov 2026 18:02:00 GMT", 2 * time.Minute},
	}
	for _, tt := range tests {
		if got := parseRetryAfter(tt.in, now); got != tt.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNewDefaults(t *testing.T) {
	c := New(Options{APIKey: testKey})
	if c.baseURL != DefaultBaseURL || c.http == nil || c.http.Timeout == 0 {
		t.Errorf("defaults not applied: base %q client %v", c.baseURL, c.http)
	}
}

func counterValue(t *testing.T, m *telemetry.Metrics, outcome string) float64 {
	t.Helper()
	var out dto.Metric
	if err := m.CloudCalls.WithLabelValues("metrics", "GetMetrics", outcome).Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.GetCounter().GetValue()
}
