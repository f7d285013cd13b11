package simcloud

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// scrape GETs /v1/metrics with query and the test key.
func scrape(t *testing.T, c *Cloud, query, key string) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.MetricsURL()+"/v1/metrics"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET metrics: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

func TestMetricsExposition(t *testing.T) {
	c, clock := startCloud(t, DemoAccount(), Options{})
	resp, body := scrape(t, c, "", testKey)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/openmetrics-text; version=1.0.0; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	if got := resp.Header.Get("X-Completeness"); got != "complete" {
		t.Errorf("X-Completeness = %q", got)
	}
	if !strings.HasSuffix(body, "# EOF\n") || strings.Count(body, "# EOF") != 1 {
		t.Errorf("body does not end with a single # EOF:\n%s", body)
	}
	wantStamp := strconv.FormatInt(clock.Now().Truncate(time.Minute).Add(-2*time.Minute).UnixMilli(), 10)
	for _, line := range []string{
		`temporal_cloud_v1_total_action_count{temporal_namespace="payments.demo42",temporal_account="demo42",region="aws-us-east-1",is_background="false",namespace_mode="active"} 410.0 ` + wantStamp,
		`temporal_cloud_v1_total_action_count{temporal_namespace="payments.demo42",temporal_account="demo42",region="aws-us-east-1",is_background="true",namespace_mode="active"} 35.0 ` + wantStamp,
		`temporal_cloud_v1_action_limit{temporal_namespace="payments.demo42",temporal_account="demo42",region="aws-us-east-1"} 500.0 ` + wantStamp,
		`temporal_cloud_v1_total_action_throttled_count{temporal_namespace="checkout-prod.demo42",temporal_account="demo42",region="aws-us-east-1"} 85.0 ` + wantStamp,
		`temporal_cloud_v1_provisioned_capacity_tru_count{temporal_namespace="analytics-etl.demo42",temporal_account="demo42"} 8.0 ` + wantStamp,
		`temporal_cloud_v1_action_limit{temporal_namespace="legacy-billing.demo42",temporal_account="demo42",region="aws-us-east-1"} 1500.0 ` + wantStamp,
		`temporal_cloud_v1_action_on_demand_envelope_limit{temporal_namespace="inventory-sync.demo42",temporal_account="demo42"} 1000.0 ` + wantStamp,
		"# TYPE temporal_cloud_v1_total_action_count gauge",
	} {
		if !strings.Contains(body, line+"\n") {
			t.Errorf("missing line %s", line)
		}
	}
	for _, name := range clients.UsageMetricNames {
		if n := countSeries(body, name); n == 0 {
			t.Errorf("no %s series", name)
		}
	}
	if n := countSeries(body, clients.MetricActionCount); n != 2*len(DemoAccount().Namespaces) {
		t.Errorf("%d action count series, want 2 per namespace", n)
	}
}

func countSeries(body, metric string) int {
	return len(regexp.MustCompile(`(?m)^`+regexp.QuoteMeta(metric)+`\{`).FindAllString(body, -1))
}

func TestMetricsQueryFilters(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	tests := []struct {
		query      string
		wantIn     []string
		wantNotIn  []string
		wantSeries map[string]int
	}{
		{query: "?metrics=" + clients.MetricActionLimit,
			wantSeries: map[string]int{clients.MetricActionLimit: 12, clients.MetricActionCount: 0}},
		{query: "?metrics=" + clients.MetricActionLimit + "&metrics=" + clients.MetricProvisionedTRUs,
			wantSeries: map[string]int{clients.MetricActionLimit: 12, clients.MetricProvisionedTRUs: 12, clients.MetricActionThrottled: 0}},
		{query: "?namespaces=*-prod", wantIn: []string{`"orders-prod.demo42"`, `"ledger-prod.demo42"`}, wantNotIn: []string{`"payments.demo42"`}},
		{query: "?namespaces=payments.demo42&namespaces=search-*", wantIn: []string{`"payments.demo42"`, `"search-indexer.demo42"`}, wantNotIn: []string{`"orders-prod.demo42"`}},
		{query: "?namespaces=nothing-*", wantNotIn: []string{"temporal_namespace"}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, body := scrape(t, c, tt.query, testKey)
			for _, s := range tt.wantIn {
				if !strings.Contains(body, s) {
					t.Errorf("missing %s", s)
				}
			}
			for _, s := range tt.wantNotIn {
				if strings.Contains(body, s) {
					t.Errorf("unexpected %s", s)
				}
			}
			for m, n := range tt.wantSeries {
				if got := countSeries(body, m); got != n {
					t.Errorf("%s: %d series, want %d", m, got, n)
				}
			}
			if !strings.HasSuffix(body, "# EOF\n") {
				t.Error("no # EOF")
			}
		})
	}
}

func TestMetricsFollowUsageAndCapacity(t *testing.T) {
	c, clock := startCloud(t, DemoAccount(), Options{OpDelay: time.Minute})
	c.SetUsage(payments, 500, 77.5)
	_, body := scrape(t, c, "?namespaces=payments", testKey)
	if !strings.Contains(body, `is_background="false",namespace_mode="active"} 500.0 `) ||
		!strings.Contains(body, `temporal_cloud_v1_total_action_throttled_count{temporal_namespace="payments.demo42",temporal_account="demo42",region="aws-us-east-1"} 77.5 `) {
		t.Fatalf("SetUsage not served:\n%s", body)
	}
	cl, ctx := rawClient(t, c), callCtx(t)
	if _, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(4), "m-1", nil)); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Minute)
	_, body = scrape(t, c, "?namespaces=payments", testKey)
	for _, want := range []string{
		`temporal_cloud_v1_action_limit{temporal_namespace="payments.demo42",temporal_account="demo42",region="aws-us-east-1"} 2000.0 `,
		`temporal_cloud_v1_provisioned_capacity_tru_count{temporal_namespace="payments.demo42",temporal_account="demo42"} 4.0 `,
		`temporal_cloud_v1_total_action_throttled_count{temporal_namespace="payments.demo42",temporal_account="demo42",region="aws-us-east-1"} 0.0 `,
		`is_background="false",namespace_mode="active"} 577.5 `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("after the change, missing %s", want)
		}
	}
}

func TestMetricsFaultsAndAuth(t *testing.T) {
	tests := []struct {
		name       string
		fault      *Fault
		key        string
		wantStatus int
		check      func(t *testing.T, resp *http.Response, body string)
	}{
		{name: "wrong key", key: "nope", wantStatus: http.StatusUnauthorized},
		{name: "unavailable", fault: &Fault{Method: MethodMetrics, Kind: FaultUnavailable}, key: testKey, wantStatus: http.StatusServiceUnavailable},
		{name: "rate limited", fault: &Fault{Method: MethodMetrics, Kind: FaultRateLimited, RetryAfter: 1500 * time.Millisecond}, key: testKey,
			wantStatus: http.StatusTooManyRequests, check: func(t *testing.T, resp *http.Response, _ string) {
				if got := resp.Header.Get("Retry-After"); got != "2" {
					t.Errorf("Retry-After = %q, want 2", got)
				}
			}},
		{name: "timeout", fault: &Fault{Kind: FaultTimeout, Delay: 10 * time.Millisecond}, key: testKey, wantStatus: http.StatusGatewayTimeout},
		{name: "malformed", fault: &Fault{Method: MethodMetrics, Kind: FaultMalformedMetrics}, key: testKey, wantStatus: http.StatusOK,
			check: func(t *testing.T, _ *http.Response, body string) {
				if strings.Contains(body, "# EOF") || !strings.Contains(body, "garbage") {
					t.Errorf("malformed body looks valid:\n%s", body)
				}
			}},
		{name: "fault for a namespace does not hit metrics", fault: &Fault{Namespace: payments, Kind: FaultUnavailable}, key: testKey, wantStatus: http.StatusOK},
		{name: "fault for gRPC does not hit metrics", fault: &Fault{Method: "GetNamespace", Kind: FaultUnavailable}, key: testKey, wantStatus: http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := startCloud(t, DemoAccount(), Options{})
			if tt.fault != nil {
				c.Inject(*tt.fault)
			}
			resp, body := scrape(t, c, "", tt.key)
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tt.wantStatus, body)
			}
			if tt.check != nil {
				tt.check(t, resp, body)
			}
			if c.Stats().Calls[MethodMetrics] != 1 {
				t.Errorf("Metrics calls = %d, want 1", c.Stats().Calls[MethodMetrics])
			}
		})
	}
}
