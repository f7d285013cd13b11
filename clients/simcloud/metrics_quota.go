package simcloud

import (
	"sync"
	"time"
)

// DefaultMetricsHourlyLimit is the Metrics API's documented request limit
// per account and hour, for Options.MetricsHourlyLimit.
const DefaultMetricsHourlyLimit = 180

// DefaultMetricsPointLimit is the Metrics API's documented cap on the data
// points of one response, for Options.MetricsPointLimit.
const DefaultMetricsPointLimit = 30000

// hourlyQuota is a sliding one-hour window of accepted requests, so that the
// Retry-After it gives is exact: when the oldest request in the window ages
// out. Refused requests do not count.
type hourlyQuota struct {
	limit int // 0 = unlimited
	mu    sync.Mutex
	times []time.Time // accepted requests within the last hour, oldest first
}

// take accepts a request at now, or refuses it and says how long until one
// would be accepted.
func (q *hourlyQuota) take(now time.Time) (ok bool, retryAfter time.Duration) {
	if q.limit <= 0 {
		return true, 0
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	cutoff := now.Add(-time.Hour)
	drop := 0
	for drop < len(q.times) && !q.times[drop].After(cutoff) {
		drop++
	}
	q.times = q.times[drop:]
	if len(q.times) >= q.limit {
		return false, q.times[0].Sub(cutoff)
	}
	q.times = append(q.times, now)
	return true, 0
}
