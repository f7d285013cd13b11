package app

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// StartThrottleWatch starts the throttling watch, or hands the running one
// cfg (every replica calls it after its worker starts; the watch's single
// workflow ID keeps one watch). With cfg nil (WATCH_INTERVAL=0) a watch left
// running by an earlier deployment is stopped. Recurring boosts and
// scheduled reports need no start: they are Temporal Schedules created by
// commands, and their workflows are registered by Build.
func StartThrottleWatch(ctx context.Context, c client.Client, taskQueue string, cfg *workflows.WatchConfig, logger *zap.Logger) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if cfg == nil {
		err := c.TerminateWorkflow(ctx, workflows.ThrottleWatchWorkflowID, "", "WATCH_INTERVAL=0: throttling watch turned off")
		var nf *serviceerror.NotFound
		if err != nil && !errors.As(err, &nf) {
			return fmt.Errorf("stopping the throttling watch: %w", err)
		}
		logger.Info("throttling watch off (WATCH_INTERVAL=0)")
		return nil
	}
	if err := workflows.StartThrottleWatch(ctx, c, taskQueue, *cfg); err != nil {
		return err
	}
	logger.Info("throttling watch running", zap.Duration("interval", cfg.Interval), zap.Float64("threshold", cfg.Threshold),
		zap.Float64("sensitive_threshold", cfg.SensitiveThreshold), zap.Strings("sensitive", cfg.Sensitive))
	return nil
}

// watchQueryTimeout bounds the query made at each scrape of /metrics.
const watchQueryTimeout = 2 * time.Second

// ReportWatchIncidents makes capacitybot_watch_incidents_open read the
// running watch's open incidents (its query) at scrape time. Every replica
// reports the same number, the watch being one workflow: dashboards take the
// max over replicas. Call it only when the watch runs.
func ReportWatchIncidents(c client.Client, m *telemetry.Metrics) {
	m.SetWatchIncidents(func() (int, error) {
		ctx, cancel := context.WithTimeout(context.Background(), watchQueryTimeout)
		defer cancel()
		v, err := c.QueryWorkflow(ctx, workflows.ThrottleWatchWorkflowID, "", workflows.QueryWatchIncidents)
		if err != nil {
			return 0, fmt.Errorf("querying the throttling watch's incidents: %w", err)
		}
		var open []workflows.WatchIncident
		if err := v.Get(&open); err != nil {
			return 0, fmt.Errorf("reading the throttling watch's incidents: %w", err)
		}
		return len(open), nil
	})
}
