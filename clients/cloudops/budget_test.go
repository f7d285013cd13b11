package cloudops_test

import (
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// burst fires n concurrent GetCapacity calls and returns the errors.
func burst(t *testing.T, f fixture, n int) []error {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.client.GetCapacity(ctxT(t), payments)
		}()
	}
	wg.Wait()
	return errs
}

func TestRateLimitKeepsWithinBudget(t *testing.T) {
	const budget = 20.0
	sim := simcloud.Options{RateLimit: budget, RejectOverBudget: true}

	t.Run("limited client", func(t *testing.T) {
		f := setup(t, simcloud.DemoAccount(), sim, func(o *cloudops.Options) { o.RateLimit = budget })
		start := time.Now()
		for i, err := range burst(t, f, 30) {
			if err != nil {
				t.Fatalf("call %d: %v", i, err)
			}
		}
		if v := f.cloud.Stats().RateViolations; v != 0 {
			t.Fatalf("%d calls over the budget", v)
		}
		// 30 calls at 20/s, at most two at once, take at least 28/20 s.
		if took := time.Since(start); took < 1400*time.Millisecond {
			t.Fatalf("30 calls took %s: the limiter did not pace them", took)
		}
	})
	t.Run("unlimited client is refused", func(t *testing.T) {
		f := setup(t, simcloud.DemoAccount(), sim, nil)
		var limited int
		for _, err := range burst(t, f, 60) {
			if err != nil {
				wantKind(t, err, clients.KindRateLimited)
				if clients.RetryAfterOf(err) != time.Second {
					t.Fatalf("RetryAfter = %s, want 1s", clients.RetryAfterOf(err))
				}
				limited++
			}
		}
		if limited == 0 || f.cloud.Stats().RateViolations != limited {
			t.Fatalf("%d refused, %d violations: the simulation did not enforce its budget", limited, f.cloud.Stats().RateViolations)
		}
	})
}

func TestCallsAreRecorded(t *testing.T) {
	m := telemetry.New()
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, func(o *cloudops.Options) { o.Metrics = m })
	ctx := ctxT(t)
	if _, err := f.client.GetCapacity(ctx, payments); err != nil {
		t.Fatal(err)
	}
	if _, err := f.client.GetCapacity(ctx, "nope.demo42"); err == nil {
		t.Fatal("want an error for an unknown namespace")
	}
	if _, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "op-1"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		method, outcome string
		want            float64
	}{
		{"GetNamespace", "ok", 2}, {"GetNamespace", "error", 1}, {"UpdateNamespace", "ok", 1},
	} {
		var out dto.Metric
		if err := m.CloudCalls.WithLabelValues("cloudops", c.method, c.outcome).Write(&out); err != nil {
			t.Fatal(err)
		}
		if got := out.GetCounter().GetValue(); got != c.want {
			t.Errorf("%s %s = %v, want %v", c.method, c.outcome, got, c.want)
		}
	}
	families, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, fam := range families {
		if fam.GetName() == "capacitybot_cloud_api_call_seconds" && len(fam.GetMetric()) != 2 {
			t.Errorf("latency series = %d, want 2 (GetNamespace, UpdateNamespace)", len(fam.GetMetric()))
		}
	}
}
