package health

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// Readiness is the /readyz body.
type Readiness struct {
	Ready    bool              `json:"ready"`
	Draining bool              `json:"draining"`
	Parts    map[string]string `json:"parts"` // name → "ok" or why not
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = fmt.Fprintln(w, "ok")
}

func (s *Server) readyz(w http.ResponseWriter, _ *http.Request) {
	r := s.Readiness()
	code := http.StatusOK
	if !r.Ready {
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	if err := json.NewEncoder(w).Encode(r); err != nil {
		s.logger.Debug("writing readiness", zap.Error(err))
	}
}

// Readiness runs every check, concurrently and each bounded by checkTimeout.
// With no parts registered the process counts as ready unless draining.
func (s *Server) Readiness() Readiness {
	s.mu.Lock()
	parts := append([]part(nil), s.parts...)
	s.mu.Unlock()

	type result struct {
		name string
		err  error
	}
	results := make(chan result, len(parts))
	for _, p := range parts {
		go func() { results <- result{p.name, runCheck(p.check)} }()
	}
	r := Readiness{Ready: true, Parts: map[string]string{}}
	timeout := time.NewTimer(checkTimeout)
	defer timeout.Stop()
	for range parts {
		select {
		case res := <-results:
			r.Parts[res.name] = "ok"
			if res.err != nil {
				r.Parts[res.name] = res.err.Error()
				r.Ready = false
			}
		case <-timeout.C:
			for _, p := range parts {
				if _, done := r.Parts[p.name]; !done {
					r.Parts[p.name] = fmt.Sprintf("check did not answer within %s", checkTimeout)
				}
			}
			r.Ready = false
			r.Draining = s.draining.Load()
			return r
		}
	}
	// Read the flag after the checks: a drain that began while they ran has
	// already started stopping parts, and the answer must say why.
	r.Draining = s.draining.Load()
	if r.Draining {
		r.Ready = false
	}
	return r
}

// runCheck turns a panicking check into a not-ready part instead of a crash.
func runCheck(check func() error) (err error) {
	if check == nil {
		return errors.New("no check registered")
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("check panicked: %v", p)
		}
	}()
	return check()
}

func telemetryRegistry(m *telemetry.Metrics) *prometheus.Registry {
	if m == nil || m.Registry == nil {
		return prometheus.NewRegistry()
	}
	return m.Registry
}
