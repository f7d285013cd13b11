// Package health serves the probes and metrics an orchestrator needs:
// /healthz (the process is alive), /readyz (every part is up and the process
// is not draining) and /metrics (Prometheus). Liveness and readiness are
// separate so that a replica draining on SIGTERM is taken out of rotation
// without being restarted.
package health

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// checkTimeout bounds one readiness check, so a hung part makes /readyz
// answer 503 rather than hang the prober.
const checkTimeout = 2 * time.Second

type part struct {
	name  string
	check func() error
}

// Server is the health and metrics HTTP server.
type Server struct {
	addr     string
	metrics  *telemetry.Metrics
	logger   *zap.Logger
	mu       sync.Mutex
	parts    []part
	draining atomic.Bool
	srv      *http.Server
	bound    string
}

// New prepares the server; nothing listens until Start. A nil m serves an
// empty /metrics; a nil logger logs nothing.
func New(addr string, m *telemetry.Metrics, logger *zap.Logger) *Server {
	if logger == nil {
		logger = zap.NewNop()
	}
	s := &Server{addr: addr, metrics: m, logger: logger}
	m.SetReadiness(func() bool { return s.Readiness().Ready }, s.draining.Load)
	return s
}

// Register adds a readiness part. check returns nil when the part is up and
// an error saying why not otherwise; it must be safe to call concurrently.
// Registering a name again replaces its check.
func (s *Server) Register(name string, check func() error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range s.parts {
		if s.parts[i].name == name {
			s.parts[i].check = check
			return
		}
	}
	s.parts = append(s.parts, part{name: name, check: check})
}

// SetDraining makes /readyz answer 503 from now on, so load balancers and
// orchestrators stop sending work while in-flight work finishes.
func (s *Server) SetDraining() { s.draining.Store(true) }

// Handler serves the three endpoints; Start serves it on addr.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	registry := telemetryRegistry(s.metrics)
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{ErrorLog: zap.NewStdLog(s.logger)}))
	return mux
}

// Start listens on addr and serves in the background. It returns the bind
// error, if any, at once.
func (s *Server) Start() error {
	l, err := net.Listen("tcp", s.addr)
	if err != nil {
		return fmt.Errorf("health server: listening on %s (set HTTP_ADDR): %w", s.addr, err)
	}
	s.srv = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 5 * time.Second}
	s.bound = l.Addr().String()
	go func() {
		if err := s.srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error("health server stopped", zap.String("addr", s.bound), zap.Error(err))
		}
	}()
	s.logger.Info("health server listening", zap.String("addr", s.bound))
	return nil
}

// Addr is the address actually listened on (useful with port 0), or "" before
// Start.
func (s *Server) Addr() string { return s.bound }

// Shutdown stops the server, letting in-flight requests finish within ctx.
func (s *Server) Shutdown(ctx context.Context) error {
	if s.srv == nil {
		return nil
	}
	if err := s.srv.Shutdown(ctx); err != nil {
		return fmt.Errorf("health server shutdown: %w", err)
	}
	return nil
}
