package main

import (
	"context"
	"net"
	"strconv"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/internal/check"
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/workflows"
)

// checkDeps are the connections a check suite runs over: the bot's own
// (for /capacity check and the start-up line) or made by `capacitybot check`.
type checkDeps struct {
	// temporalDial connects to the bot's cluster; nil skips the API part.
	temporalDial    func(ctx context.Context) (check.Temporal, func(), error)
	temporalAddress string
	ops             *cloudops.Client
	usage           *metrics.Client
	// metricsIdentity asks GetCurrentIdentity with the Metrics key; nil
	// when the account is simulated (one key).
	metricsIdentity func(ctx context.Context) (clients.Identity, error)
	simulated       bool
	opsAddress      string
	metricsURL      string
}

// buildSuite is every check, in the order `check` prints them.
func buildSuite(cfg config.Config, d checkDeps) *check.Suite {
	version := cfg.CloudOpsAPIVersion
	if version == "" || d.simulated {
		version = cloudops.DefaultAPIVersion()
	}
	var slackAPI check.Slack
	if cfg.SlackEnabled() {
		slackAPI = slackbot.NewProbe(cfg.SlackBotToken, cfg.SlackAppToken, cfg.SlackAPIURL)
	}
	return check.NewSuite(0,
		check.Settings(nil),
		check.TemporalCheck(check.TemporalOptions{
			Embedded: cfg.EmbeddedTemporal(), DataDir: cfg.DataDir, Address: d.temporalAddress,
			Namespace: cfg.TemporalNamespace, TaskQueue: cfg.TaskQueue, Dial: d.temporalDial,
		}),
		check.CloudOpsCheck(check.CloudOpsOptions{
			API: d.ops, Simulated: d.simulated, Address: d.opsAddress, APIVersion: version, Filter: cfg.Filter(),
		}),
		check.MetricsCheck(check.MetricsOptions{
			API: d.usage, Simulated: d.simulated, BaseURL: d.metricsURL,
			Namespaces: d.ops.ListNamespaces, Identity: d.metricsIdentity,
			BudgetPerHour: d.usage.BudgetPerHour(), WatchInterval: cfg.WatchInterval,
		}),
		check.SlackCheck(check.SlackOptions{
			API: slackAPI, Enabled: cfg.SlackEnabled(), AlertChannel: cfg.SlackAlertChannel,
			Groups: append(append([]string{}, cfg.SlackBoostGroups...), cfg.SlackApproverGroups...), WantScopes: slackbot.ScopeNames(),
		}),
	)
}

// liveTemporal hands a check the bot's own connected client.
func liveTemporal(c client.Client) func(context.Context) (check.Temporal, func(), error) {
	return func(context.Context) (check.Temporal, func(), error) {
		return check.SDKTemporal(c), func() {}, nil
	}
}

// dialForCheck connects to the cluster for `capacitybot check`: an external
// one always; the embedded one only when a running bot holds the data folder
// on a known port (EMBEDDED_TEMPORAL_PORT), never by starting a server.
func dialForCheck(cfg config.Config, held bool, logger *zap.Logger) (func(context.Context) (check.Temporal, func(), error), string) {
	opts := client.Options{Namespace: cfg.TemporalNamespace, Logger: workflows.NewZapAdapter(logger.Named("temporal"))}
	if cfg.EmbeddedTemporal() {
		if !held || cfg.EmbeddedTemporalPort == 0 {
			return nil, ""
		}
		opts.HostPort = net.JoinHostPort("127.0.0.1", strconv.Itoa(cfg.EmbeddedTemporalPort))
	} else {
		opts.HostPort = cfg.TemporalAddress
	}
	return func(ctx context.Context) (check.Temporal, func(), error) {
		if !cfg.EmbeddedTemporal() {
			if err := externalAuth(cfg, &opts); err != nil {
				return nil, nil, err
			}
		}
		c, err := dialTemporal(ctx, opts)
		if err != nil {
			return nil, nil, err
		}
		return check.SDKTemporal(c), c.Close, nil
	}, opts.HostPort
}

// liveCheckDeps are the running bot's own connections, for /capacity check
// and the start-up line.
func liveCheckDeps(cfg config.Config, tc *temporalConn, cc *cloudConn) checkDeps {
	d := checkDeps{temporalDial: liveTemporal(tc.client), temporalAddress: tc.address, ops: cc.ops, usage: cc.usage,
		simulated: cc.simulated, opsAddress: cfg.CloudOpsAddress, metricsURL: cfg.MetricsBaseURL}
	if cc.sim != nil {
		d.opsAddress, d.metricsURL = cc.sim.GRPCAddr(), cc.sim.MetricsURL()
	}
	return d
}
