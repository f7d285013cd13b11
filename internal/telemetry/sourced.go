package telemetry

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// now is the scrape-time clock. It is a function, not state: tests of the
// time-dependent parts call their methods with explicit times instead.
func now() time.Time { return time.Now() }

// sourced is a gauge read at scrape time from a source set after start: the
// part that knows the value (the health server, the Slack adapter, the watch
// wiring) is built after the metrics. Until a source is set it reads 0.
type sourced struct {
	fn atomic.Pointer[func() float64]
}

func (s *sourced) set(f func() float64) { s.fn.Store(&f) }

func (s *sourced) value() float64 {
	if f := s.fn.Load(); f != nil {
		return (*f)()
	}
	return 0
}

func (s *sourced) gauge(name, help string) prometheus.Collector {
	return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, s.value)
}
