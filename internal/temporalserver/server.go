// Package temporalserver runs a Temporal server inside the bot's own process,
// on loopback, persisted to a SQLite file under the data folder. It is what
// makes `go run ./cmd/capacitybot` work with nothing configured, and a boost in
// flight survives a restart of the process because its history is on disk.
package temporalserver

import (
	"context"
	"errors"
	"fmt"
	enumspb "go.temporal.io/api/enums/v1"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"go.temporal.io/server/common/authorization"
	tconfig "go.temporal.io/server/common/config"
	"go.temporal.io/server/common/metrics"
	"go.temporal.io/server/temporal"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/datalock"
)

// DBFileName is the SQLite file, under Options.DataDir, holding the server's
// state.
const DBFileName = "temporal.sqlite"

// hint names the settings that avoid or fix a failed start, appended to every
// start error so the operator knows what to change.
const hint = "set TEMPORAL_ADDRESS to use an external Temporal server, or change EMBEDDED_TEMPORAL_PORT / DATA_DIR"

// defaultReadyTimeout bounds how long Start waits for the frontend to serve
// the namespace.
const defaultReadyTimeout = 60 * time.Second

// Options configure the embedded server.
type Options struct {
	// DataDir holds the SQLite file; created when missing.
	DataDir string
	// Port is the frontend's port on 127.0.0.1; 0 picks a free port.
	Port int
	// LogLevel is the server's own log level: debug, info, warn, error, or
	// none. Empty means error: the server is chatty and its logs are rarely
	// what a bot operator needs.
	LogLevel string
	// Namespace is registered at start when missing. Empty means "default".
	Namespace string
	// Logger receives the server's logs (named "temporal-server"), filtered to
	// LogLevel. Nil discards them.
	Logger *zap.Logger
	// ReadyTimeout bounds the wait for the frontend to answer; 0 means 60s.
	ReadyTimeout time.Duration
	// Retention is how long the namespace keeps closed workflows, and so
	// how far back /capacity history sees (EMBEDDED_RETENTION); 0 means
	// DefaultRetention.
	Retention time.Duration
	// SearchAttributes are registered on the namespace when missing.
	SearchAttributes map[string]enumspb.IndexedValueType
}

// Server is a running embedded Temporal server.
type Server struct {
	srv      temporal.Server
	frontend string
	dbPath   string
	stopping *atomic.Bool
	unlock   func()
	stopOnce sync.Once
	stopErr  error
}

// Start creates the data folder and the database when missing, starts every
// Temporal service on loopback and returns once the frontend serves the
// namespace. Errors name the setting to change.
func Start(ctx context.Context, o Options) (*Server, error) {
	if o.Namespace == "" {
		o.Namespace = "default"
	}
	if o.ReadyTimeout <= 0 {
		o.ReadyTimeout = defaultReadyTimeout
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	stopping := &atomic.Bool{}
	logger, err := serverLogger(o.Logger, o.LogLevel, stopping)
	if err != nil {
		return nil, fmt.Errorf("embedded Temporal server: %w (set TEMPORAL_SERVER_LOG_LEVEL to debug, info, warn, error or none)", err)
	}
	dbPath, err := prepareDataDir(o.DataDir)
	if err != nil {
		return nil, fmt.Errorf("embedded Temporal server: %w; %s", err, hint)
	}
	unlock, err := datalock.Lock(filepath.Join(filepath.Dir(dbPath), datalock.FileName))
	if err != nil {
		return nil, fmt.Errorf("embedded Temporal server: %w; %s", err, hint)
	}
	started := false
	defer func() {
		if !started {
			unlock()
		}
	}()
	ports, err := pickPorts(o.Port)
	if err != nil {
		return nil, fmt.Errorf("embedded Temporal server: %w; %s", err, hint)
	}
	cfg := buildConfig(dbPath, ports)
	sqlCfg := cfg.Persistence.DataStores[sqlitePluginName].SQL
	if err := ensureSchema(dbPath, sqlCfg); err != nil {
		return nil, fmt.Errorf("embedded Temporal server: database %s: %w; %s", dbPath, err, hint)
	}
	if err := registerNamespace(sqlCfg, cfg.ClusterMetadata.CurrentClusterName, o.Namespace, o.Retention, o.SearchAttributes); err != nil {
		return nil, fmt.Errorf("embedded Temporal server: database %s: %w; %s", dbPath, err, hint)
	}

	authorizer, err := authorization.GetAuthorizerFromConfig(&cfg.Global.Authorization)
	if err != nil {
		return nil, fmt.Errorf("embedded Temporal server: authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&cfg.Global.Authorization, logger)
	if err != nil {
		return nil, fmt.Errorf("embedded Temporal server: claim mapper: %w", err)
	}
	srv, err := temporal.NewServer(
		temporal.WithConfig(cfg),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithStaticHosts(staticHosts(ports)),
		temporal.WithLogger(logger),
		temporal.WithCustomMetricsHandler(metrics.NoopMetricsHandler),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*tconfig.Config) authorization.ClaimMapper { return claimMapper }),
	)
	if err != nil {
		return nil, fmt.Errorf("embedded Temporal server: creating: %w; %s", err, hint)
	}
	if err := srv.Start(); err != nil {
		stopping.Store(true)
		_ = srv.Stop()
		return nil, fmt.Errorf("embedded Temporal server: starting: %w; %s", err, hint)
	}
	s := &Server{srv: srv, frontend: ports.frontendAddress(), dbPath: dbPath, stopping: stopping, unlock: unlock}

	readyCtx, cancel := context.WithTimeout(ctx, o.ReadyTimeout)
	defer cancel()
	if err := waitReady(readyCtx, s.frontend, o.Namespace); err != nil {
		started = true // Stop releases the lock
		_ = s.Stop()
		return nil, fmt.Errorf("embedded Temporal server on %s did not become ready: %w; %s", s.frontend, err, hint)
	}
	if err := configureNamespace(readyCtx, s.frontend, o.Namespace, o.Retention, o.SearchAttributes); err != nil {
		started = true // Stop releases the lock
		_ = s.Stop()
		return nil, fmt.Errorf("embedded Temporal server on %s: %w; %s", s.frontend, err, hint)
	}
	started = true
	return s, nil
}

// FrontendAddress is the host:port clients dial.
func (s *Server) FrontendAddress() string { return s.frontend }

// DatabasePath is the SQLite file holding the server's state.
func (s *Server) DatabasePath() string { return s.dbPath }

// Stop stops every service. Safe to call more than once.
func (s *Server) Stop() error {
	s.stopOnce.Do(func() {
		s.stopping.Store(true)
		if err := s.srv.Stop(); err != nil {
			s.stopErr = fmt.Errorf("stopping embedded Temporal server: %w", err)
		}
		s.unlock()
	})
	return s.stopErr
}

// prepareDataDir creates the folder, proves it writable and returns the
// database path.
func prepareDataDir(dir string) (string, error) {
	if strings.TrimSpace(dir) == "" {
		return "", errors.New("no data folder given")
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("data folder %q: %w", dir, err)
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return "", fmt.Errorf("creating data folder %s: %w", abs, err)
	}
	probe, err := os.CreateTemp(abs, ".write-probe-*")
	if err != nil {
		return "", fmt.Errorf("data folder %s is not writable: %w", abs, err)
	}
	name := probe.Name()
	_ = probe.Close()
	_ = os.Remove(name)
	return filepath.Join(abs, DBFileName), nil
}
