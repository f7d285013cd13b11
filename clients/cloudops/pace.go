package cloudops

import (
	"context"
	"sync"
	"time"
)

// pacer keeps calls to a rate, judged when each call is let through (GCRA:
// calls go 1/rate apart on average, at most two at once). A token bucket
// reserves future slots for its waiters; when the process stalls (GC, a busy
// machine) every waiter whose slot passed wakes at once and they all go out
// together, which the service sees as a burst over its budget. The pacer
// re-checks on waking instead, so after a stall at most two calls go and the
// rest wait their turn again. The tolerance of one call is what lets a
// waiter that wakes a little late keep its slot, so that the rate is kept
// on a busy machine; any window of W seconds still holds at most
// rate×W + 2 calls.
type pacer struct {
	interval  time.Duration
	tolerance time.Duration
	mu        sync.Mutex
	tat       time.Time // theoretical arrival time of the next call
}

func newPacer(perSecond float64) *pacer {
	i := time.Duration(float64(time.Second) / perSecond)
	return &pacer{interval: i, tolerance: i}
}

// wait blocks until the call may go, or ctx ends; it returns the time the
// call was let through.
func (p *pacer) wait(ctx context.Context) (time.Time, error) {
	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		p.mu.Lock()
		now := time.Now()
		allowAt := p.tat.Add(-p.tolerance)
		if !now.Before(allowAt) {
			if p.tat.Before(now) {
				p.tat = now
			}
			p.tat = p.tat.Add(p.interval)
			p.mu.Unlock()
			return now, nil
		}
		d := allowAt.Sub(now)
		p.mu.Unlock()
		if timer == nil {
			timer = time.NewTimer(d)
		} else {
			timer.Reset(d)
		}
		select {
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		case <-timer.C:
		}
	}
}
