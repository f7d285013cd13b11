// Command capacitybot is the Slack bot that runs Temporal Cloud capacity: it
// analyzes namespaces (on-demand vs provisioned) and boosts a namespace for an
// event, reverting it on time. The bot and its Temporal worker share this
// process. With nothing configured it runs entirely on the machine: an
// embedded Temporal server, a simulated Temporal Cloud account, and the
// console instead of Slack.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/check"
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/health"
	"github.com/capacitybot/capacitybot/internal/logging"
)

// Exit codes.
const (
	exitOK     = 0
	exitFailed = 1 // could not start, or stopped on an error
	exitConfig = 2 // bad settings
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == checkSubcommand {
		os.Exit(runCheck(os.Stdout))
	}
	os.Exit(run())
}

func run() int {
	cfg, err := config.Load(".env")
	if err != nil {
		fmt.Fprintf(os.Stderr, "capacitybot: bad configuration (see .env.example):\n%v\n", err)
		return exitConfig
	}
	logger, err := logging.New(cfg.LogLevel, cfg.LogFormat)
	if err != nil {
		fmt.Fprintf(os.Stderr, "capacitybot: %v\n", err)
		return exitConfig
	}
	defer func() { _ = logger.Sync() }()
	logConfig(logger, cfg)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, cfg, logger); err != nil {
		logger.Error("capacitybot stopped on an error", zap.Error(err))
		return exitFailed
	}
	logger.Info("capacitybot stopped")
	return exitOK
}

// logConfig prints every setting, secrets redacted, sorted by name.
func logConfig(logger *zap.Logger, cfg config.Config) {
	settings := cfg.Redacted()
	names := make([]string, 0, len(settings))
	for name := range settings {
		names = append(names, name)
	}
	sort.Strings(names)
	fields := make([]zap.Field, 0, len(names))
	for _, name := range names {
		fields = append(fields, zap.String(name, settings[name]))
	}
	logger.Info("configuration", fields...)
}

// serve starts every part, runs until ctx is done (a signal) or the chat side
// ends (console input exhausted), then drains: readiness off, no new
// commands, in-flight activities finished within DRAIN_TIMEOUT, servers
// stopped.
func serve(ctx context.Context, cfg config.Config, logger *zap.Logger) error {
	m := app.NewMetrics()
	hs, err := startHealth(cfg, m, logger)
	if err != nil {
		return err
	}
	var workerUp atomicErr
	workerUp.set(errors.New("worker not started"))
	hs.Register("worker", workerUp.get)
	defer shutdownHealth(hs, logger)

	tc, err := connectTemporal(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer tc.close(logger)

	cc, err := connectCloud(cfg, m, logger)
	if err != nil {
		return err
	}
	defer cc.close(logger)

	suite := buildSuite(cfg, liveCheckDeps(cfg, tc, cc))
	parts, err := app.Build(app.Options{
		Temporal:           tc.client,
		TaskQueue:          cfg.TaskQueue,
		TemporalNamespace:  cfg.TemporalNamespace,
		Ops:                cc.ops,
		Usage:              cc.usage,
		Policy:             policyFromConfig(cfg),
		DefaultDuration:    cfg.DefaultBoostDuration,
		AlertChannel:       cfg.SlackAlertChannel,
		Simulated:          cc.simulated,
		Logger:             logger,
		Metrics:            m,
		ApproverUsers:      cfg.SlackApproverUsers,
		ApproverGroups:     cfg.SlackApproverGroups,
		AllowBoostRequests: cfg.AllowBoostRequests,
		// Stop waits this long for activities in flight; the rest are
		// retried by Temporal on another replica or after the restart.
		WorkerStopTimeout: cfg.DrainTimeout,
		Slack:             slackOptions(cfg),
		Console:           consoleOptions(cfg, tc.client),
		Checks:            suite,
		Scopes:            cfg.Scopes(),
	})
	if err != nil {
		return err
	}
	ch := newChat(parts, logger, consoleWait(cfg))
	hs.Register("chat", ch.ready)

	w := parts.Worker
	if err := w.Start(); err != nil {
		return fmt.Errorf("starting the Temporal worker on task queue %s: %w", cfg.TaskQueue, err)
	}
	workerUp.set(nil)
	// From now on every replica's Metrics API requests come out of one
	// hour, kept by a workflow (its own window stays the fallback).
	cc.usage.ShareBudget(app.TemporalBudget{Client: tc.client, TaskQueue: cfg.TaskQueue})
	wc := watchConfig(cfg)
	if err := app.StartThrottleWatch(ctx, tc.client, cfg.TaskQueue, wc, logger); err != nil {
		// The watch is an extra: boosts and analysis work without it.
		logger.Warn("throttling watch not started", zap.Error(err))
	} else if wc != nil {
		app.ReportWatchIncidents(tc.client, m)
	}
	// The cheap checks only: the others count against Temporal Cloud's and
	// Slack's rate limits; `capacitybot check` runs them all.
	logger.Info("checks: " + suite.RunCheap(ctx).Summary() + " (run `capacitybot check` for every check)")
	go check.WatchKeyExpiry(ctx, cc.ops, m, check.ExpiryRefresh,
		func(err error) { logger.Warn("reading the Cloud Ops key's expiry", zap.Error(err)) })
	logger.Info("capacitybot ready",
		zap.String("chat", ch.name), zap.String("temporal", tc.address),
		zap.Bool("embedded_temporal", tc.embedded != nil), zap.String("namespace", cfg.TemporalNamespace),
		zap.String("task_queue", cfg.TaskQueue), zap.Bool("simulated_cloud", cc.simulated),
		zap.Bool("dry_run", cfg.DryRun), zap.String("http", hs.Addr()))

	chatCtx, stopChat := context.WithCancel(ctx)
	defer stopChat()
	chatDone := make(chan error, 1)
	go func() { chatDone <- ch.run(chatCtx) }()

	var chatErr error
	select {
	case <-ctx.Done():
		logger.Info("signal received: draining", zap.Duration("drain_timeout", cfg.DrainTimeout))
	case chatErr = <-chatDone:
		chatDone = nil
		if chatErr != nil {
			chatErr = fmt.Errorf("%s stopped: %w", ch.name, chatErr)
		}
		logger.Info("chat side ended: stopping", zap.String("chat", ch.name))
	}

	// Drain: out of rotation, no new commands, then the worker.
	hs.SetDraining()
	stopChat()
	if chatDone != nil {
		select {
		case err := <-chatDone:
			if err != nil && !errors.Is(err, context.Canceled) {
				logger.Warn("chat side stopped with an error", zap.Error(err))
			}
		case <-time.After(cfg.DrainTimeout):
			logger.Warn("chat side did not stop within DRAIN_TIMEOUT", zap.Duration("drain_timeout", cfg.DrainTimeout))
		}
	}
	workerUp.set(errors.New("worker stopping"))
	w.Stop()
	return chatErr
}

func shutdownHealth(hs *health.Server, logger *zap.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := hs.Shutdown(ctx); err != nil {
		logger.Warn("stopping the health server", zap.Error(err))
	}
}
