package simcloud_test

import (
	"context"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/clients/simcloud/simcloudtest"
)

const parseKey = "parse-back-key"

// wantUsage is what the Metrics API must say about n at capacity c,
// worked out from the account definition and the documented rules (500 APS
// per TRU, the on-demand envelope otherwise, a Support-set limit as floor),
// not from the simulator's code.
func wantUsage(n simcloud.Namespace, c clients.Capacity) clients.NamespaceUsage {
	envelope := n.OnDemandAPSLimit
	if envelope == 0 {
		envelope = 500
	}
	limit, trus := envelope, 0.0
	if c.Mode == clients.ModeProvisioned {
		limit, trus = 500*c.TRUs, c.TRUs
	}
	if n.HasLegacyLimits && n.LegacyAPSLimit > limit {
		limit = n.LegacyAPSLimit
	}
	return clients.NamespaceUsage{
		Namespace: n.ID + "." + simcloud.DemoAccountID, ActionsPerSecond: n.APS, BackgroundAPS: n.BackgroundAPS,
		ActionLimit: limit, ThrottledPerSecond: n.ThrottledPerSec, ProvisionedTRUs: trus,
		OnDemandEnvelopeLimit: envelope,
	}
}

// TestMetricsParseBack proves the simulator and the bot's Metrics API client
// agree on the wire: every figure the simulator is set to serve comes back
// exactly from metrics.Client.FetchUsage over real HTTP, before a capacity
// change, while it runs and after it completes.
func TestMetricsParseBack(t *testing.T) {
	clock := simcloudtest.NewClock(time.Date(2026, 11, 26, 12, 0, 42, 0, time.UTC))
	cloud := simcloud.New(simcloud.DemoAccount(), simcloud.Options{APIKey: parseKey, Now: clock.Now, OpDelay: time.Minute})
	if err := cloud.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cloud.Close)
	mc := metrics.New(metrics.Options{BaseURL: cloud.MetricsURL(), APIKey: parseKey})
	ops, err := cloudops.New(cloudops.Options{Address: cloud.GRPCAddr(), APIKey: parseKey, Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ops.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)

	// Namespaces by ID as defined, and the capacity each should run at.
	defs := map[string]simcloud.Namespace{}
	running := map[string]clients.Capacity{}
	for _, n := range simcloud.DemoAccount().Namespaces {
		id := n.ID + "." + simcloud.DemoAccountID
		defs[id] = n
		running[id] = n.Capacity
		if n.Capacity.Mode == "" {
			running[id] = clients.OnDemand()
		}
	}

	check := func(stage string) {
		t.Helper()
		snap, err := mc.FetchUsage(ctx)
		if err != nil {
			t.Fatalf("%s: FetchUsage: %v", stage, err)
		}
		if len(snap.Namespaces) != len(defs) || snap.Completeness != "complete" || len(snap.Warnings) != 0 {
			t.Errorf("%s: %d namespaces, completeness %q, warnings %v; want %d, complete, none",
				stage, len(snap.Namespaces), snap.Completeness, snap.Warnings, len(defs))
		}
		stamp := clock.Now().Truncate(time.Minute).Add(-2 * time.Minute)
		for id, n := range defs {
			got, ok := snap.Namespaces[id]
			if !ok {
				t.Errorf("%s: %s missing from the parsed usage", stage, id)
				continue
			}
			want := wantUsage(n, running[id])
			want.Timestamp = stamp
			if !got.Timestamp.Equal(stamp) {
				t.Errorf("%s: %s timestamp %v, want %v", stage, id, got.Timestamp, stamp)
			}
			got.Timestamp = stamp
			if got != want {
				t.Errorf("%s: %s parsed back as\n %+v\nwant\n %+v", stage, id, got, want)
			}
			if _, nc, _ := cloud.Snapshot(id); nc.APSLimit != want.ActionLimit {
				t.Errorf("%s: %s: the Cloud Ops API says limit %v, the Metrics API %v", stage, id, nc.APSLimit, want.ActionLimit)
			}
		}
	}

	check("as defined")

	// Boost payments (idle headroom) and checkout-prod (throttled: its
	// offered load exceeds the on-demand limit).
	const payments, checkout = "payments.demo42", "checkout-prod.demo42"
	for ns, target := range map[string]clients.Capacity{payments: clients.Provisioned(4), checkout: clients.Provisioned(2)} {
		if _, err := ops.SetCapacity(ctx, ns, target, "parse-back-"+ns); err != nil {
			t.Fatalf("SetCapacity %s: %v", ns, err)
		}
	}
	check("change in progress") // nothing served changes until it completes

	clock.Advance(2 * time.Minute)
	running[payments], running[checkout] = clients.Provisioned(4), clients.Provisioned(2)
	// Throttled load is served once the limit allows it.
	co := defs[checkout]
	co.APS, co.ThrottledPerSec = co.APS+co.ThrottledPerSec, 0
	defs[checkout] = co
	check("after the change")

	// Usage set by a test is served as set.
	if !cloud.SetUsage(payments, 1234.5, 0.25) {
		t.Fatal("SetUsage: payments not found")
	}
	p := defs[payments]
	p.APS, p.ThrottledPerSec = 1234.5, 0.25
	defs[payments] = p
	check("after SetUsage")
}

// TestMetricsQuotaReachesTheClient checks that the hourly limit reaches the
// bot's client as a rate-limit error carrying the server's wait.
func TestMetricsQuotaReachesTheClient(t *testing.T) {
	clock := simcloudtest.NewClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	cloud := simcloud.New(simcloud.DemoAccount(), simcloud.Options{APIKey: parseKey, Now: clock.Now, MetricsHourlyLimit: 1})
	if err := cloud.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cloud.Close)
	mc := metrics.New(metrics.Options{BaseURL: cloud.MetricsURL(), APIKey: parseKey})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := mc.FetchUsage(ctx); err != nil {
		t.Fatalf("first fetch: %v", err)
	}
	clock.Advance(15 * time.Minute)
	_, err := mc.FetchUsage(ctx)
	if clients.KindOf(err) != clients.KindRateLimited || clients.RetryAfterOf(err) != 45*time.Minute {
		t.Fatalf("fetch over the hourly limit = %v (kind %q, retry after %v), want rate-limited for 45m",
			err, clients.KindOf(err), clients.RetryAfterOf(err))
	}
}
