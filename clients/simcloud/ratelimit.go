package simcloud

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// budget is the control-plane request budget the real service enforces
// (160 RPS per account, 40 per user, 80 per service account). Calls above it
// are violations: the simulation counts them so that tests can prove the bot
// stays within budget, and optionally refuses them.
type budget struct {
	limiter *rate.Limiter // nil = unlimited
}

func newBudget(perSecond float64, burst int) *budget {
	if perSecond <= 0 {
		return &budget{}
	}
	if burst <= 0 {
		burst = int(math.Ceil(perSecond))
	}
	return &budget{limiter: rate.NewLimiter(rate.Limit(perSecond), burst)}
}

// allow reports whether a call at now is within budget.
func (b *budget) allow(now time.Time) bool {
	return b.limiter == nil || b.limiter.AllowN(now, 1)
}

// Stats is what the simulated cloud has seen, for tests and the demo.
type Stats struct {
	Calls          map[string]int // per gRPC method name, and "Metrics"
	RateViolations int            // calls over Options.RateLimit
	// MetricsOverQuota counts Metrics API requests refused with 429 for
	// going over Options.MetricsHourlyLimit.
	MetricsOverQuota int
	UpdatesApplied   int // UpdateNamespace calls that started a capacity change
	MaxConcurrency   int // most calls in flight at once
	// SaveFailures counts failed writes of Options.StateFile; LastSaveError
	// is the latest one. The change stays in memory and the next call
	// tries to save again.
	SaveFailures  int
	LastSaveError error
}

type statsCounter struct {
	mu       sync.Mutex
	calls    map[string]int
	viol     int
	updates  int
	inflight int
	maxConc  int
	saveFail int
	lastSave error
	overQuot int
}

func newStatsCounter() *statsCounter { return &statsCounter{calls: make(map[string]int)} }

// begin records a call starting; the returned func records its end.
func (s *statsCounter) begin(method string) (end func()) {
	s.mu.Lock()
	s.calls[method]++
	s.inflight++
	s.maxConc = max(s.maxConc, s.inflight)
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.inflight--
		s.mu.Unlock()
	}
}

func (s *statsCounter) violation() {
	s.mu.Lock()
	s.viol++
	s.mu.Unlock()
}

func (s *statsCounter) overQuota() {
	s.mu.Lock()
	s.overQuot++
	s.mu.Unlock()
}

func (s *statsCounter) persistFailed(err error) {
	s.mu.Lock()
	s.saveFail++
	s.lastSave = err
	s.mu.Unlock()
}

func (s *statsCounter) updateApplied() {
	s.mu.Lock()
	s.updates++
	s.mu.Unlock()
}

// Stats returns a copy of the counters.
func (c *Cloud) Stats() Stats {
	s := c.stats
	s.mu.Lock()
	defer s.mu.Unlock()
	calls := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		calls[k] = v
	}
	return Stats{Calls: calls, RateViolations: s.viol, UpdatesApplied: s.updates, MaxConcurrency: s.maxConc,
		SaveFailures: s.saveFail, LastSaveError: s.lastSave, MetricsOverQuota: s.overQuot}
}
