package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/workflows"
)

// startThrottleWatch starts the throttling watch, or hands the running one
// the current settings (every replica calls it after its worker starts; the
// watch's single workflow ID keeps one watch). With WATCH_INTERVAL=0 a watch
// left running by an earlier deployment is stopped. Recurring boosts and
// scheduled reports need no start: they are Temporal Schedules created by
// commands, and their workflows are registered by workflows.Register.
func startThrottleWatch(ctx context.Context, c client.Client, cfg config.Config, logger *zap.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if !cfg.WatchEnabled() {
		err := c.TerminateWorkflow(ctx, workflows.ThrottleWatchWorkflowID, "", "WATCH_INTERVAL=0: throttling watch turned off")
		var nf *serviceerror.NotFound
		if err != nil && !errors.As(err, &nf) {
			return fmt.Errorf("stopping the throttling watch: %w", err)
		}
		logger.Info("throttling watch off (WATCH_INTERVAL=0)")
		return nil
	}
	wc := watchConfigFromConfig(cfg)
	if err := workflows.StartThrottleWatch(ctx, c, cfg.TaskQueue, wc); err != nil {
		return err
	}
	logger.Info("throttling watch running", zap.Duration("interval", wc.Interval), zap.Float64("threshold", wc.Threshold),
		zap.Float64("sensitive_threshold", wc.SensitiveThreshold), zap.Strings("sensitive", wc.Sensitive))
	return nil
}
