package metrics

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// DefaultBudgetPerHour is the bot's default share of the account's
// HourlyRequestLimit: the rest is left to the customer's own scrapers.
const DefaultBudgetPerHour = 120

// Clock is the time the budget and the watch's pacing read, so that a test
// can drive an hour without waiting one.
type Clock interface {
	Now() time.Time
	// Sleep waits d or until ctx ends (then it returns ctx's error).
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error { return clients.Sleep(ctx, d) }

// requestBudget is a sliding one-hour window of the requests this process
// made, so that it never makes more than perHour in any hour, whoever asks:
// the watch, an analysis or a report. It is per process: replicas each keep
// their own (see README, Running several replicas).
type requestBudget struct {
	perHour int
	clock   Clock

	mu    sync.Mutex
	times []time.Time // requests within the last hour, oldest first
}

func newRequestBudget(perHour int, clock Clock) *requestBudget {
	return &requestBudget{perHour: perHour, clock: clock}
}

// take spends one request, first waiting (on the clock) until the window
// has room. A wait that would outlast ctx's deadline is not begun: the
// error is then KindRateLimited with the wait as RetryAfter, so that an
// activity is retried by Temporal when the budget has room instead of
// holding a worker slot until it times out.
func (b *requestBudget) take(ctx context.Context) error {
	for {
		wait := b.tryTake()
		if wait <= 0 {
			return nil
		}
		if deadline, ok := ctx.Deadline(); ok && b.clock.Now().Add(wait).After(deadline) {
			return &clients.Error{Op: opGetMetrics, Kind: clients.KindRateLimited, RetryAfter: wait,
				Err: fmt.Errorf("METRICS_API_BUDGET_PER_HOUR=%d is spent for the next %s", b.perHour, wait.Round(time.Second))}
		}
		if err := b.clock.Sleep(ctx, wait); err != nil {
			return &clients.Error{Op: opGetMetrics, Kind: clients.KindUnavailable,
				Err: fmt.Errorf("waiting for the Metrics API request budget: %w", err)}
		}
	}
}

// tryTake spends one request if the window has room (and returns 0), or
// says how long until it has.
func (b *requestBudget) tryTake() time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.clock.Now()
	b.dropOldLocked(now)
	if len(b.times) >= b.perHour {
		return b.times[0].Add(time.Hour).Sub(now)
	}
	b.times = append(b.times, now)
	return 0
}

// left is how many requests the window has room for now.
func (b *requestBudget) left() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.dropOldLocked(b.clock.Now())
	return b.perHour - len(b.times)
}

func (b *requestBudget) dropOldLocked(now time.Time) {
	cutoff := now.Add(-time.Hour)
	drop := 0
	for drop < len(b.times) && !b.times[drop].After(cutoff) {
		drop++
	}
	b.times = b.times[drop:]
}
