package main

import (
	"os"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/health"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// startHealth starts the /healthz, /readyz and /metrics server. When
// HTTP_ADDR was not set and its default port is taken (a newcomer's machine
// often has something on 8080), it listens on a free loopback port instead
// and says so, so that `go run ./cmd/capacitybot` still just works. An
// HTTP_ADDR set on purpose must be honoured: failing to bind it is fatal.
func startHealth(cfg config.Config, m *telemetry.Metrics, logger *zap.Logger) (*health.Server, error) {
	hs := health.New(cfg.HTTPAddr, m, logger.Named("health"))
	err := hs.Start()
	if err == nil {
		return hs, nil
	}
	if _, set := os.LookupEnv("HTTP_ADDR"); set {
		return nil, err
	}
	logger.Warn("the default HTTP_ADDR is taken; serving /healthz, /readyz and /metrics on a free port instead (set HTTP_ADDR to choose)",
		zap.String("default", cfg.HTTPAddr), zap.Error(err))
	hs = health.New("127.0.0.1:0", m, logger.Named("health"))
	if err := hs.Start(); err != nil {
		return nil, err
	}
	return hs, nil
}
