package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"os"
	"time"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/workflows"
)

// temporalConn is the worker's Temporal cluster: a client, and the embedded
// server behind it when TEMPORAL_ADDRESS is unset.
type temporalConn struct {
	client   client.Client
	embedded embeddedServer // nil with an external cluster
	address  string
}

// close closes the client, then stops the embedded server if any.
func (t *temporalConn) close(logger *zap.Logger) {
	if t.client != nil {
		t.client.Close()
	}
	if t.embedded != nil {
		if err := t.embedded.Stop(); err != nil {
			logger.Warn("stopping the embedded Temporal server", zap.Error(err))
		}
	}
}

// embeddedServer is the in-process Temporal server, when this build has one.
type embeddedServer interface {
	FrontendAddress() string
	DatabasePath() string
	Stop() error
}

// connectTemporal starts the embedded server or dials TEMPORAL_ADDRESS with
// an API key or mTLS, the Temporal SDK's usual settings.
func connectTemporal(ctx context.Context, cfg config.Config, logger *zap.Logger) (*temporalConn, error) {
	conn := &temporalConn{address: cfg.TemporalAddress}
	opts := client.Options{
		Namespace: cfg.TemporalNamespace,
		Logger:    workflows.NewZapAdapter(logger.Named("temporal")),
	}
	if cfg.EmbeddedTemporal() {
		start := time.Now()
		srv, err := startEmbedded(ctx, cfg, logger)
		if err != nil {
			return nil, err
		}
		conn.embedded, conn.address = srv, srv.FrontendAddress()
		logger.Info("embedded Temporal server started",
			zap.String("address", srv.FrontendAddress()), zap.String("database", srv.DatabasePath()),
			zap.String("namespace", cfg.TemporalNamespace), zap.Duration("took", time.Since(start)))
	} else if err := externalAuth(cfg, &opts); err != nil {
		return nil, err
	}
	opts.HostPort = conn.address
	c, err := dialTemporal(ctx, opts)
	if err != nil {
		conn.close(logger)
		return nil, err
	}
	conn.client = c
	return conn, nil
}

// externalAuth sets an external cluster's TLS and API key on opts.
func externalAuth(cfg config.Config, opts *client.Options) error {
	tlsCfg, err := temporalTLS(cfg)
	if err != nil {
		return err
	}
	opts.ConnectionOptions.TLS = tlsCfg
	if cfg.TemporalAPIKey != "" {
		opts.Credentials = client.NewAPIKeyStaticCredentials(cfg.TemporalAPIKey)
	}
	return nil
}

// dialTemporal connects within 30 seconds; the error names the settings.
func dialTemporal(ctx context.Context, opts client.Options) (client.Client, error) {
	dialCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	c, err := client.DialContext(dialCtx, opts)
	if err != nil {
		return nil, fmt.Errorf("connecting to Temporal at %s, namespace %s (check TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and TEMPORAL_API_KEY or the TLS settings): %w",
			opts.HostPort, opts.Namespace, err)
	}
	return c, nil
}

// temporalTLS builds the TLS settings for an external cluster: mTLS with the
// client certificate, an extra server CA, a server name override. Nil when
// none is set (an API key then turns TLS on by itself).
func temporalTLS(cfg config.Config) (*tls.Config, error) {
	if cfg.TemporalTLSCertPath == "" && cfg.TemporalTLSCAPath == "" && cfg.TemporalTLSServerName == "" {
		return nil, nil
	}
	t := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: cfg.TemporalTLSServerName}
	if cfg.TemporalTLSCertPath != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TemporalTLSCertPath, cfg.TemporalTLSKeyPath)
		if err != nil {
			return nil, fmt.Errorf("loading the Temporal client certificate (TEMPORAL_TLS_CLIENT_CERT_PATH, TEMPORAL_TLS_CLIENT_KEY_PATH): %w", err)
		}
		t.Certificates = []tls.Certificate{cert}
	}
	if cfg.TemporalTLSCAPath != "" {
		pem, err := os.ReadFile(cfg.TemporalTLSCAPath)
		if err != nil {
			return nil, fmt.Errorf("reading TEMPORAL_TLS_SERVER_CA_CERT_PATH: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("TEMPORAL_TLS_SERVER_CA_CERT_PATH %s holds no PEM certificate", cfg.TemporalTLSCAPath)
		}
		t.RootCAs = pool
	}
	return t, nil
}
