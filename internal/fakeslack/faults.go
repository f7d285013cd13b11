package fakeslack

import (
	"strconv"
	"time"
)

// fault is one injected failure for the next call of a method.
type fault struct {
	status     int
	retryAfter time.Duration
	errCode    string
}

// RateLimit makes the next n calls of method answer 429 with Retry-After.
func (s *Server) RateLimit(method string, n int, retryAfter time.Duration) {
	s.addFaults(method, n, fault{status: 429, retryAfter: retryAfter})
}

// FailNext makes the next n calls of method answer {"ok":false,"error":code}.
func (s *Server) FailNext(method string, n int, code string) {
	s.addFaults(method, n, fault{status: 200, errCode: code})
}

func (s *Server) addFaults(method string, n int, f fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for range n {
		s.faults[method] = append(s.faults[method], f)
	}
}

// takeFault pops the next fault for method; callers hold s.mu.
func (s *Server) takeFault(method string) (fault, bool) {
	q := s.faults[method]
	if len(q) == 0 {
		return fault{}, false
	}
	s.faults[method] = q[1:]
	return q[0], true
}

func retryAfterHeader(d time.Duration) string {
	secs := int(d / time.Second)
	if d%time.Second != 0 {
		secs++
	}
	return strconv.Itoa(secs)
}
