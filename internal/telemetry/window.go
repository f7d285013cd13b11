package telemetry

import (
	"sync"
	"time"
)

// windowMinutes is the span of hourWindow: the Metrics API's budget is per
// hour.
const windowMinutes = 60

// hourWindow counts events in the last hour to the minute, in constant
// memory: one bucket per minute, reused an hour later.
type hourWindow struct {
	mu      sync.Mutex
	buckets [windowMinutes]windowBucket
}

type windowBucket struct {
	minute int64 // Unix minute the count belongs to
	n      int
}

func (w *hourWindow) add(t time.Time) {
	minute := t.Unix() / 60
	w.mu.Lock()
	defer w.mu.Unlock()
	b := &w.buckets[minute%windowMinutes]
	if b.minute != minute {
		*b = windowBucket{minute: minute}
	}
	b.n++
}

// count is the number of events in the minute of t and the 59 before it.
func (w *hourWindow) count(t time.Time) int {
	minute := t.Unix() / 60
	w.mu.Lock()
	defer w.mu.Unlock()
	total := 0
	for _, b := range w.buckets {
		if age := minute - b.minute; age >= 0 && age < windowMinutes {
			total += b.n
		}
	}
	return total
}
