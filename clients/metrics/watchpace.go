package metrics

import (
	"fmt"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// watchShareDivisor gives the throttling watch half of the bot's budget, so
// that analyses and reports always find the other half.
const watchShareDivisor = 2

// watchPace keeps the throttling watch within its share of the budget: a
// check that comes sooner after the last than the account's requests per
// scrape allow is skipped (clients.ErrWatchDeferred), which lengthens the
// watch's interval to a multiple of the configured one. The interval kept
// is logged when it changes and exported as a gauge.
type watchPace struct {
	interval time.Duration // configured; 0 = no watch
	perHour  int           // the watch's share of the budget
	metrics  *telemetry.Metrics
	logger   *zap.Logger

	mu        sync.Mutex
	last      time.Time // start of the last check that ran
	ran       bool
	effective time.Duration
}

func newWatchPace(interval time.Duration, budgetPerHour int, m *telemetry.Metrics, logger *zap.Logger) *watchPace {
	w := &watchPace{interval: interval, perHour: max(budgetPerHour/watchShareDivisor, 1), metrics: m, logger: logger, effective: interval}
	if m != nil {
		m.WatchEffectiveInterval.Set(interval.Seconds())
	}
	return w
}

// gap is the least time between two checks of requests each.
func (w *watchPace) gap(requests int) time.Duration {
	return time.Duration(requests) * time.Hour / time.Duration(w.perHour)
}

// EffectiveWatchInterval is the interval the watch keeps for an account
// needing requests per scrape, with budgetPerHour: interval, or the
// multiple of it that stays within the watch's share.
func EffectiveWatchInterval(interval time.Duration, budgetPerHour, requests int) time.Duration {
	w := watchPace{interval: interval, perHour: max(budgetPerHour/watchShareDivisor, 1)}
	return w.keep(requests)
}

// keep is the interval kept for requests per scrape.
func (w *watchPace) keep(requests int) time.Duration {
	if w.interval <= 0 {
		return 0
	}
	gap := w.gap(requests)
	n := (gap + w.interval - 1) / w.interval
	return max(n, 1) * w.interval
}

// admit says whether a check may run at now, needing requests.
func (w *watchPace) admit(now time.Time, requests int) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ran && now.Sub(w.last) < w.gap(requests) {
		return fmt.Errorf("%w: next check at %s", clients.ErrWatchDeferred, w.last.Add(w.gap(requests)).UTC().Format(time.RFC3339))
	}
	return nil
}

// record notes a check started at start and the requests the next one will
// need, and says when the interval kept changes.
func (w *watchPace) record(start time.Time, nextRequests int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last, w.ran = start, true
	keep := w.keep(nextRequests)
	if keep == w.effective {
		return
	}
	w.effective = keep
	if w.metrics != nil {
		w.metrics.WatchEffectiveInterval.Set(keep.Seconds())
	}
	fields := []zap.Field{zap.Int("requests_per_check", nextRequests), zap.Int("watch_budget_per_hour", w.perHour),
		zap.Duration("watch_interval", w.interval), zap.Duration("effective_interval", keep)}
	if keep > w.interval {
		w.logger.Warn("throttling watch: the account needs more Metrics API requests per check than the watch's share of METRICS_API_BUDGET_PER_HOUR allows every WATCH_INTERVAL; checking less often", fields...)
		return
	}
	w.logger.Info("throttling watch: back to checking every WATCH_INTERVAL", fields...)
}
