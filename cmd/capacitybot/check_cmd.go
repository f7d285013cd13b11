package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/check"
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/datalock"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// checkSubcommand is the argument that runs the checks instead of the bot.
const checkSubcommand = "check"

// runCheck is `capacitybot check`: every check, one line each on out, and
// exit 0 unless one failed. It changes nothing: with no Cloud keys it checks
// a simulated account held in memory (never DATA_DIR's), and it never starts
// the embedded Temporal server.
func runCheck(out io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	report := checkReport(ctx)
	for _, line := range report.Lines(bot.SimulatedMarker) {
		fmt.Fprintln(out, line)
	}
	if report.Failed() {
		return exitFailed
	}
	return exitOK
}

// checkReport loads the settings and runs the suite; with bad settings only
// the settings are reported, each bad one on its own line.
func checkReport(ctx context.Context) check.Report {
	cfg, err := config.Load(".env")
	if err != nil {
		r := check.NewSuite(0, check.Settings(err)).Run(ctx)
		r.Results = append(r.Results, check.Result{Part: "other checks", Status: check.StatusOff,
			Saw: "not run: they need valid settings"})
		return r
	}
	// The clients' own logs would interleave with the lines; errors reach
	// the lines instead.
	logger := zap.NewNop()
	deps, cleanup, err := checkConnections(cfg, logger)
	if err != nil {
		return check.Report{Results: []check.Result{{Part: "Cloud Ops API", Status: check.StatusFail,
			Saw: err.Error(), Fix: "check TEMPORAL_CLOUD_OPS_API_KEY, CLOUD_OPS_API_ADDRESS and TEMPORAL_CLOUD_API_VERSION"}}}
	}
	defer cleanup()
	return buildSuite(cfg, deps).Run(ctx)
}

// checkConnections builds what the checks call: the Cloud clients (over a
// simulated account in memory when no keys are set) and the way to reach
// Temporal.
func checkConnections(cfg config.Config, logger *zap.Logger) (checkDeps, func(), error) {
	held, _ := datalock.Held(filepath.Join(cfg.DataDir, datalock.FileName)) // the check reports an error itself
	d := checkDeps{simulated: cfg.SimulatedCloud(), opsAddress: cfg.CloudOpsAddress, metricsURL: cfg.MetricsBaseURL}
	d.temporalDial, d.temporalAddress = dialForCheck(cfg, held, logger)
	if d.temporalAddress == "" {
		d.temporalAddress = "the embedded server"
	}
	co := cloudOptions(cfg)
	var closers []func()
	cleanup := func() {
		for i := len(closers) - 1; i >= 0; i-- {
			closers[i]()
		}
	}
	if d.simulated {
		sim, _, err := startSimCloud(cfg, "")
		if err != nil {
			return checkDeps{}, nil, err
		}
		closers = append(closers, sim.Close)
		co = co.Loopback(sim.GRPCAddr(), sim.MetricsURL(), simulatedKey)
		d.opsAddress, d.metricsURL = sim.GRPCAddr(), sim.MetricsURL()
	}
	m := telemetry.New()
	ops, usage, err := app.CloudClients(co, m, logger)
	if err != nil {
		cleanup()
		return checkDeps{}, nil, err
	}
	closers = append(closers, func() { _ = ops.Close() })
	d.ops, d.usage = ops, usage
	if !d.simulated {
		// The Metrics key on the Cloud Ops endpoint, to show its role.
		mco := co
		mco.OpsAPIKey = cfg.MetricsAPIKey
		mops, _, err := app.CloudClients(mco, m, logger)
		if err == nil {
			closers = append(closers, func() { _ = mops.Close() })
			d.metricsIdentity = func(ctx context.Context) (clients.Identity, error) { return mops.CurrentIdentity(ctx) }
		}
	}
	return d, cleanup, nil
}
