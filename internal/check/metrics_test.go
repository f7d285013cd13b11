package check_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/check"
)

func TestMetricsCheck(t *testing.T) {
	some := func(ids ...string) func(context.Context) ([]string, error) {
		return func(context.Context) ([]string, error) { return ids, nil }
	}
	identity := func(id clients.Identity, err error) func(context.Context) (clients.Identity, error) {
		return func(context.Context) (clients.Identity, error) { return id, err }
	}
	tests := []struct {
		name       string
		simKey     string
		useKey     string
		url        string                                  // "" = the simulator's
		namespaces func(context.Context) ([]string, error) // nil = the simulator's list
		identity   func(context.Context) (clients.Identity, error)
		fault      simcloud.FaultKind
		budget     int
		large      bool // 10,000 namespaces
		watch      time.Duration
		want       []want
	}{
		{name: "watch within its share", budget: 120, watch: 5 * time.Minute, want: []want{
			{status: check.StatusOK},
			{status: check.StatusOK, saw: []string{"takes 1 request of METRICS_API_BUDGET_PER_HOUR=120", "checks every 5m0s (WATCH_INTERVAL)"}},
			{status: check.StatusOK},
		}},
		{name: "account over the point cap", large: true, budget: 120, watch: 30 * time.Second, want: []want{
			{status: check.StatusWarn, saw: []string{"X-Completeness limited", "at least 3 requests"}, fix: []string{"batches of namespaces"}},
			{status: check.StatusWarn, saw: []string{"at least 3 requests", "checks every 3m0s, not every 30s"}, fix: []string{"METRICS_API_BUDGET_PER_HOUR"}},
			{status: check.StatusOK},
		}},
		{name: "watch lengthened", budget: 120, watch: 30 * time.Second, want: []want{
			{status: check.StatusOK},
			{status: check.StatusWarn, saw: []string{"checks every 1m0s, not every 30s"}, fix: []string{"METRICS_API_BUDGET_PER_HOUR"}},
			{status: check.StatusOK},
		}},
		{name: "served as namespace IDs, all mapped", want: []want{
			{status: check.StatusOK, saw: []string{"HTTP 200", "X-Completeness complete", "72 series, 72 points"}},
			{status: check.StatusOK, saw: []string{"namespace IDs (name.account)", "all 12 values map"}},
		}},
		{name: "values that map to no namespace", namespaces: some("payments.demo42", "ledger-prod.demo42"), want: []want{
			{status: check.StatusOK},
			{status: check.StatusWarn, saw: []string{"10 values map to no Cloud Ops namespace", "analytics-etl.demo42", "search-indexer.demo42"},
				fix: []string{"read access"}},
		}},
		{name: "namespace list unreadable", namespaces: func(context.Context) ([]string, error) { return nil, errors.New("boom") }, want: []want{
			{status: check.StatusOK},
			{status: check.StatusWarn, saw: []string{"could not be read: boom"}, fix: []string{"Cloud Ops API"}},
		}},
		{name: "metrics key has the metrics role", identity: identity(clients.Identity{Kind: clients.PrincipalServiceAccount,
			Name: "metrics", AccountRole: clients.RoleMetricsRead}, nil), want: []want{
			{status: check.StatusOK}, {status: check.StatusOK},
			{status: check.StatusOK, saw: []string{`service account "metrics"`, "Metrics Read-Only"}},
		}},
		{name: "metrics key with a wider role", identity: identity(clients.Identity{Kind: clients.PrincipalUser,
			Name: "a@b.c", AccountRole: clients.RoleGlobalAdmin}, nil), want: []want{
			{status: check.StatusOK}, {status: check.StatusOK},
			{status: check.StatusWarn, saw: []string{"Global Admin"}, fix: []string{"Metrics Read-Only"}},
		}},
		{name: "metrics key refused by Cloud Ops", identity: identity(clients.Identity{}, errors.New("PermissionDenied")), want: []want{
			{status: check.StatusOK}, {status: check.StatusOK},
			{status: check.StatusOff, saw: []string{"role was not shown", "PermissionDenied"}},
		}},
		{name: "bogus key", simKey: "right", useKey: "bogus", want: []want{
			{status: check.StatusFail, saw: []string{"permission", "HTTP 401"}, fix: []string{"TEMPORAL_CLOUD_METRICS_API_KEY", "Metrics Read-Only"}},
		}},
		{name: "rate limited", fault: simcloud.FaultRateLimited, want: []want{
			{status: check.StatusFail, saw: []string{"rate_limited", "HTTP 429"}, fix: []string{"180 Metrics API requests an hour"}},
		}},
		{name: "not OpenMetrics", fault: simcloud.FaultMalformedMetrics, want: []want{
			{status: check.StatusFail, saw: []string{"malformed"}, fix: []string{"CLOUD_METRICS_API_BASE_URL", "not the Metrics API's OpenMetrics text"}},
		}},
		{name: "unreachable", url: "http://127.0.0.1:1", want: []want{
			{status: check.StatusFail, saw: []string{"request to http://127.0.0.1:1 failed", "unavailable"}, fix: []string{"CLOUD_METRICS_API_BASE_URL"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acct := simcloud.DemoAccount()
			if tt.large {
				var err error
				if acct, err = simcloud.LargeAccount(10000, simcloud.DemoSeed); err != nil {
					t.Fatal(err)
				}
			}
			c := simAccount(t, acct, simcloud.Options{APIKey: tt.simKey})
			if tt.fault != 0 {
				c.Inject(simcloud.Fault{Method: simcloud.MethodMetrics, Kind: tt.fault})
			}
			url := c.MetricsURL()
			if tt.url != "" {
				url = tt.url
			}
			key := tt.useKey
			if key == "" {
				key = "any"
			}
			if key == "any" && tt.simKey != "" {
				key = tt.simKey
			}
			ns := tt.namespaces
			if ns == nil {
				ns = opsClient(t, c.GRPCAddr(), key, "").ListNamespaces
			}
			got := run(check.MetricsCheck(check.MetricsOptions{API: metricsClient(url, key), Simulated: true,
				BaseURL: url, Namespaces: ns, Identity: tt.identity, BudgetPerHour: tt.budget, WatchInterval: tt.watch}))
			assertResults(t, got, tt.want)
		})
	}
}
