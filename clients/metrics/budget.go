package metrics

import (
	"context"
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

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

// SharedBudget grants Metrics API requests from one sliding hour that
// every replica shares (internal/app implements it with a Temporal
// workflow): wait 0 is a grant, else how long until one would be.
type SharedBudget interface {
	TryTake(ctx context.Context, perHour int) (wait time.Duration, err error)
}

// requestBudget is a sliding one-hour window of requests, so that no hour
// holds more than perHour, whoever asks: the watch, an analysis or a
// report. It is the replicas' shared one once ShareBudget gives it, this
// process's own before and whenever the shared one cannot be reached.
type requestBudget struct {
	perHour int
	clock   Clock
	logger  *zap.Logger

	mu         sync.Mutex
	times      []time.Time // this process's requests within the last hour, oldest first
	shared     SharedBudget
	sharedDown bool // the last call to shared failed (logged)
}

func newRequestBudget(perHour int, clock Clock, logger *zap.Logger) *requestBudget {
	return &requestBudget{perHour: perHour, clock: clock, logger: logger}
}

// take spends one request, first waiting (on the clock) until the window
// has room. A wait that would outlast ctx's deadline is not begun: the
// error is then KindRateLimited with the wait as RetryAfter, so that an
// activity is retried by Temporal when the budget has room instead of
// holding a worker slot until it times out.
func (b *requestBudget) take(ctx context.Context) error {
	for {
		wait := b.tryTake(ctx)
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
// says how long until it has: from the budget shared by the replicas when
// there is one, else (or when it cannot be reached) from this process's.
func (b *requestBudget) tryTake(ctx context.Context) time.Duration {
	b.mu.Lock()
	shared := b.shared
	b.mu.Unlock()
	if shared != nil {
		wait, err := shared.TryTake(ctx, b.perHour)
		if err == nil {
			b.mu.Lock()
			b.sharedDown = false
			b.mu.Unlock()
			return wait
		}
		b.sharedFailed(err)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	var wait time.Duration
	b.times, wait = TakeFromWindow(b.times, b.clock.Now(), b.perHour)
	return wait
}

// TakeFromWindow is the rule of a sliding one-hour budget, for this
// process's window and the one the replicas share through Temporal: times
// are the requests granted, oldest first; a request at now is granted (wait
// 0, now appended) when fewer than perHour remain within the hour, else
// wait is how long until the oldest leaves it. Requests an hour old or more
// are dropped.
func TakeFromWindow(times []time.Time, now time.Time, perHour int) (kept []time.Time, wait time.Duration) {
	cutoff := now.Add(-time.Hour)
	drop := 0
	for drop < len(times) && !times[drop].After(cutoff) {
		drop++
	}
	kept = times[drop:]
	if len(kept) >= perHour {
		return kept, kept[0].Add(time.Hour).Sub(now)
	}
	return append(kept, now), 0
}

// sharedFailed logs, once until it works again, that the shared budget
// could not be reached and this process's own window is used meanwhile.
func (b *requestBudget) sharedFailed(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.sharedDown {
		b.logger.Warn("Metrics API budget shared by the replicas unreachable; keeping to this process's own METRICS_API_BUDGET_PER_HOUR meanwhile", zap.Error(err))
	}
	b.sharedDown = true
}
