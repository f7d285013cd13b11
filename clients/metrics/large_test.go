package metrics

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// largeSim starts a simulated account of n namespaces whose Metrics API
// enforces the real cap and, with quota, the real hourly limit, on clock.
func largeSim(t testing.TB, n int, clock *fakeClock, quota int) (*simcloud.Cloud, simcloud.Account) {
	t.Helper()
	return largeSimForm(t, n, clock, quota, capacity.FormID)
}

// largeSimForm is largeSim serving the temporal_namespace label in form.
func largeSimForm(t testing.TB, n int, clock *fakeClock, quota int, form capacity.NameForm) (*simcloud.Cloud, simcloud.Account) {
	t.Helper()
	acct, err := simcloud.LargeAccount(n, simcloud.DemoSeed)
	if err != nil {
		t.Fatal(err)
	}
	sim := simcloud.New(acct, simcloud.Options{APIKey: testKey, Now: clock.Now, MetricsHourlyLimit: quota, MetricsLabelForm: form})
	if err := sim.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sim.Close)
	return sim, acct
}

var testStart = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// TestLargeAccountScrape reads 10,000 namespaces through the 30,000-point
// cap: every namespace is read whole, none unreadable, and once the
// account's shape is learnt a scrape takes the fewest requests that fit.
func TestLargeAccountScrape(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 10,000 simulated namespaces")
	}
	for _, form := range []capacity.NameForm{capacity.FormID, capacity.FormName} {
		t.Run(string(form), func(t *testing.T) { testLargeAccountScrape(t, form) })
	}
}

func testLargeAccountScrape(t *testing.T, form capacity.NameForm) {
	clock := newFakeClock(testStart)
	sim, acct := largeSimForm(t, 10000, clock, simcloud.DefaultMetricsHourlyLimit, form)
	c := New(Options{BaseURL: sim.MetricsURL(), APIKey: testKey, Clock: clock})
	for scrape, maxRequests := range []int{20, 3} { // learning, then learnt: 60,072 points in 24,000-point batches
		before := sim.Stats().Calls[simcloud.MethodMetrics]
		snap, err := c.FetchUsage(context.Background())
		if err != nil {
			t.Fatalf("scrape %d: %v", scrape+1, err)
		}
		used := sim.Stats().Calls[simcloud.MethodMetrics] - before
		if used > maxRequests {
			t.Errorf("scrape %d used %d requests, want at most %d", scrape+1, used, maxRequests)
		}
		if snap.Completeness != completenessComplete || len(snap.Namespaces) != len(acct.Namespaces) {
			t.Fatalf("scrape %d: %s with %d namespaces of %d; warnings %q", scrape+1, snap.Completeness, len(snap.Namespaces), len(acct.Namespaces), snap.Warnings)
		}
		for _, n := range acct.Namespaces {
			id := n.ID + "." + acct.ID
			if form == capacity.FormName {
				id = n.ID
			}
			u := snap.Namespaces[id]
			if u.Unreadable != "" || u.ActionsPerSecond != n.APS || u.OnDemandEnvelopeLimit != n.OnDemandAPSLimit {
				t.Fatalf("scrape %d: %s = %+v, want aps %v envelope %v", scrape+1, id, u, n.APS, n.OnDemandAPSLimit)
			}
		}
		t.Logf("scrape %d: %d requests", scrape+1, used)
	}
}

// TestBudgetNeverExceeded runs two hours of the throttling watch at its
// shortest interval (30s) on a 10,000-namespace account, with analyses of
// the whole account on top, on a fake clock: no hour holds more requests
// than the bot's share, the simulated API never refuses one, the watch
// lengthens its interval and every analysis completes (having waited for
// budget when it had to).
func TestBudgetNeverExceeded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 10,000 simulated namespaces")
	}
	const (
		budget        = 45 // small, so that analyses must wait
		watchInterval = 30 * time.Second
	)
	clock := newFakeClock(testStart)
	sim, acct := largeSim(t, 10000, clock, budget)
	c := New(Options{BaseURL: sim.MetricsURL(), APIKey: testKey, Clock: clock, BudgetPerHour: budget, WatchInterval: watchInterval})
	var requests []time.Time // every request, from the simulator's count
	count := func(before int) {
		for range sim.Stats().Calls[simcloud.MethodMetrics] - before {
			requests = append(requests, clock.Now())
		}
	}
	watchCtx := clients.WithUsagePurpose(context.Background(), clients.PurposeWatch)
	checks, deferred, analyses := 0, 0, 0
	analysisAt := []time.Duration{10 * time.Minute, 12 * time.Minute, 14 * time.Minute, 16 * time.Minute, 18 * time.Minute, 20 * time.Minute, 95 * time.Minute}
	for clock.Now().Before(testStart.Add(2 * time.Hour)) {
		elapsed := clock.Now().Sub(testStart)
		if len(analysisAt) > 0 && elapsed >= analysisAt[0] {
			analysisAt = analysisAt[1:]
			before := sim.Stats().Calls[simcloud.MethodMetrics]
			snap, err := c.FetchUsage(context.Background())
			count(before)
			if err != nil || snap.Completeness != completenessComplete || len(snap.Namespaces) != len(acct.Namespaces) {
				t.Fatalf("analysis at %s: %v, %s with %d namespaces", elapsed, err, snap.Completeness, len(snap.Namespaces))
			}
			analyses++
		}
		before := sim.Stats().Calls[simcloud.MethodMetrics]
		_, err := c.FetchUsage(watchCtx)
		count(before)
		switch {
		case errors.Is(err, clients.ErrWatchDeferred):
			deferred++
		case err != nil:
			t.Fatalf("watch check at %s: %v", elapsed, err)
		default:
			checks++
		}
		clock.Advance(watchInterval)
	}
	if over := sim.Stats().MetricsOverQuota; over != 0 {
		t.Errorf("the simulated API refused %d requests over its hourly limit", over)
	}
	for i := range requests {
		j := i
		for j < len(requests) && requests[j].Sub(requests[i]) < time.Hour {
			j++
		}
		if j-i > budget {
			t.Fatalf("%d requests in the hour from %s, over the budget of %d", j-i, requests[i].Sub(testStart), budget)
		}
	}
	if analyses != 7 || deferred == 0 || checks < 4 {
		t.Errorf("%d analyses, %d watch checks, %d deferred: want 7 analyses and a watch lengthened but still checking", analyses, checks, deferred)
	}
	if c.clock.(*fakeClock).slept == 0 {
		t.Error("no analysis waited for budget: the test does not exercise waiting")
	}
	if got, want := c.watch.effective, EffectiveWatchInterval(watchInterval, budget, 3); got != want || got <= watchInterval {
		t.Errorf("effective watch interval %s, want %s (longer than %s)", got, want, watchInterval)
	}
	t.Logf("%d requests in 2h: %d watch checks (%d deferred), %d analyses, %s waited for budget, watch every %s",
		len(requests), checks, deferred, analyses, clock.slept, c.watch.effective)
}
