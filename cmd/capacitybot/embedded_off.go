//go:build noembedded

package main

import (
	"context"
	"errors"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/config"
)

// startEmbedded refuses: this build (-tags noembedded) leaves the embedded
// Temporal server out, which makes the binary about 120 MiB smaller and its
// resident memory lower, for deployments that always set TEMPORAL_ADDRESS.
func startEmbedded(context.Context, config.Config, *zap.Logger) (embeddedServer, error) {
	return nil, errors.New("this build has no embedded Temporal server (built with -tags noembedded): set TEMPORAL_ADDRESS to your Temporal cluster")
}
