//go:build !noembedded

package main

import (
	"context"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/temporalserver"
	"github.com/capacitybot/capacitybot/workflows"
)

// startEmbedded starts the in-process Temporal server persisted under
// DATA_DIR. Builds with -tags noembedded leave the server out.
func startEmbedded(ctx context.Context, cfg config.Config, logger *zap.Logger) (embeddedServer, error) {
	return temporalserver.Start(ctx, temporalserver.Options{
		DataDir:   cfg.DataDir,
		Port:      cfg.EmbeddedTemporalPort,
		LogLevel:  cfg.TemporalServerLogLevel,
		Namespace: cfg.TemporalNamespace,
		Logger:    logger,
		Retention: cfg.EmbeddedRetention,
		// The history search attributes: /capacity history filters on
		// them; a Cloud namespace gets them with tcld (README, History).
		SearchAttributes: workflows.HistorySearchAttributes(),
	})
}
