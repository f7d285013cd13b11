package simcloud

import (
	"sync"
	"time"
)

// FaultKind is a failure the simulated cloud can inject.
type FaultKind int

// Fault kinds. The first three fail the call itself (gRPC or HTTP); the
// others change what a capacity update does or what the Metrics API serves.
const (
	FaultUnavailable      FaultKind = iota + 1 // gRPC Unavailable / HTTP 503
	FaultRateLimited                           // gRPC ResourceExhausted with retry-after / HTTP 429 Retry-After
	FaultTimeout                               // waits Delay (or the caller's deadline), then DeadlineExceeded / 504
	FaultStaleVersion                          // the resource version moves just before an update is checked
	FaultOpStuck                               // the operation stays IN_PROGRESS forever
	FaultOpFails                               // the operation ends FAILED, capacity unchanged
	FaultOutOfInventory                        // max available TRUs drops below the requested value
	FaultMalformedMetrics                      // the Metrics API answers 200 with garbage
)

func (k FaultKind) String() string {
	switch k {
	case FaultUnavailable:
		return "unavailable"
	case FaultRateLimited:
		return "rate-limited"
	case FaultTimeout:
		return "timeout"
	case FaultStaleVersion:
		return "stale-version"
	case FaultOpStuck:
		return "op-stuck"
	case FaultOpFails:
		return "op-fails"
	case FaultOutOfInventory:
		return "out-of-inventory"
	case FaultMalformedMetrics:
		return "malformed-metrics"
	}
	return "unknown"
}

// MethodMetrics is the Fault.Method that targets the Metrics API endpoint.
const MethodMetrics = "Metrics"

// Fault is one injected failure. It applies to calls of Method on Namespace
// ("" matches all; a fault naming a namespace never matches calls that are
// not about one, like GetNamespaces or the Metrics API).
type Fault struct {
	Method     string // gRPC method name like "UpdateNamespace", or "Metrics"; "" = all
	Namespace  string // namespace ID; "" = all
	Kind       FaultKind
	Times      int           // how many calls it hits; 0 = every call
	Every      int           // hit every Nth matching call; 0 or 1 = each
	RetryAfter time.Duration // for FaultRateLimited; default 1s
	Delay      time.Duration // for FaultTimeout; default: until the caller gives up
}

// injected is a Fault with its counters.
type injected struct {
	Fault
	seen int // matching calls
	hits int // calls it hit
}

// faultSet holds the active faults; safe for concurrent use.
type faultSet struct {
	mu   sync.Mutex
	list []*injected
}

// Inject adds a fault, effective at once, and returns a func that removes it.
func (c *Cloud) Inject(f Fault) (remove func()) {
	inj := &injected{Fault: f}
	c.faults.mu.Lock()
	c.faults.list = append(c.faults.list, inj)
	c.faults.mu.Unlock()
	return func() {
		c.faults.mu.Lock()
		defer c.faults.mu.Unlock()
		for i, x := range c.faults.list {
			if x == inj {
				c.faults.list = append(c.faults.list[:i], c.faults.list[i+1:]...)
				return
			}
		}
	}
}

// take returns the first fault among kinds that hits this call of method on
// namespace, counting the call against every matching fault of those kinds.
func (s *faultSet) take(method, namespace string, kinds ...FaultKind) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var hit *injected
	for _, f := range s.list {
		if !f.matches(method, namespace, kinds) {
			continue
		}
		f.seen++
		if f.Times > 0 && f.hits >= f.Times {
			continue
		}
		if f.Every > 1 && f.seen%f.Every != 0 {
			continue
		}
		if hit == nil {
			f.hits++
			hit = f
		}
	}
	if hit == nil {
		return Fault{}, false
	}
	return hit.Fault, true
}

func (f *injected) matches(method, namespace string, kinds []FaultKind) bool {
	if f.Method != "" && f.Method != method {
		return false
	}
	if f.Namespace != "" && f.Namespace != namespace {
		return false
	}
	for _, k := range kinds {
		if f.Kind == k {
			return true
		}
	}
	return false
}
