package perf

import (
	"fmt"
	"math"
	"slices"
	"time"
)

// Summary is the distribution of a set of durations, in the shape the
// performance goals are written in (p50, p99, worst).
type Summary struct {
	N                  int
	Min, P50, P99, Max time.Duration
}

// Summarize computes a Summary with the nearest-rank method, so every
// reported figure is a duration that was actually observed. An empty input
// gives the zero Summary.
func Summarize(ds []time.Duration) Summary {
	if len(ds) == 0 {
		return Summary{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return Summary{N: len(s), Min: s[0], P50: rank(s, 0.50), P99: rank(s, 0.99), Max: s[len(s)-1]}
}

// rank is the nearest-rank percentile of sorted values: the smallest value
// with at least p of the values at or below it.
func rank(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

// Ms is a duration in milliseconds, for b.ReportMetric.
func Ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func (s Summary) String() string {
	return fmt.Sprintf("n=%d min=%v p50=%v p99=%v max=%v", s.N, s.Min.Round(time.Microsecond), s.P50.Round(time.Microsecond),
		s.P99.Round(time.Microsecond), s.Max.Round(time.Microsecond))
}
