package metrics

import (
	"context"
	"testing"

	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// BenchmarkScrape10k reads a simulated 10,000-namespace account (60,072
// points, twice the Metrics API's cap per response) through the real cap
// and reports the requests a scrape takes: "learnt" is the steady state,
// batches sized from the last scrape; "first" a client that knows nothing
// yet. The time includes the simulator's rendering of the responses.
func BenchmarkScrape10k(b *testing.B) {
	for _, bm := range []struct {
		name  string
		fresh bool
	}{{"learnt", false}, {"first", true}} {
		b.Run(bm.name, func(b *testing.B) {
			clock := newFakeClock(testStart)
			sim, acct := largeSim(b, 10000, clock, 0)
			newClient := func() *Client {
				return New(Options{BaseURL: sim.MetricsURL(), APIKey: testKey, Clock: clock, BudgetPerHour: HourlyRequestLimit})
			}
			c := newClient()
			if !bm.fresh {
				if _, err := c.FetchUsage(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			before := sim.Stats().Calls[simcloud.MethodMetrics]
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if bm.fresh {
					c = newClient()
				}
				snap, err := c.FetchUsage(context.Background())
				if err != nil || len(snap.Namespaces) != len(acct.Namespaces) || snap.Completeness != completenessComplete {
					b.Fatalf("%v: %s, %d namespaces", err, snap.Completeness, len(snap.Namespaces))
				}
			}
			b.ReportMetric(float64(sim.Stats().Calls[simcloud.MethodMetrics]-before)/float64(b.N), "requests/op")
		})
	}
}
