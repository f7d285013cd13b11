package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// simulatedKey is sent to the simulated cloud, which accepts any key; the
// clients refuse to run without one.
const simulatedKey = "simulated"

// cloudConn is the Temporal Cloud account the bot manages: real, or the
// simulated demo account served on loopback.
type cloudConn struct {
	ops       *cloudops.Client
	usage     *metrics.Client
	sim       *simcloud.Cloud // nil for a real account
	simulated bool
}

func (c *cloudConn) close(logger *zap.Logger) {
	if c.ops != nil {
		if err := c.ops.Close(); err != nil {
			logger.Warn("closing the Cloud Ops client", zap.Error(err))
		}
	}
	if c.sim != nil {
		c.sim.Close()
	}
}

// simStateFile is the simulated account's file under DATA_DIR.
const simStateFile = "simcloud.json"

// simLoggedNamespaces is how many of the simulated account's namespaces the
// start's warning names.
const simLoggedNamespaces = 12

// simStateName is the simulated account's file under DATA_DIR: the demo's
// is simStateFile, a larger account's names its size, so that changing
// SIM_NAMESPACES never loads an account of another size.
func simStateName(cfg config.Config) string {
	if cfg.SimNamespaces == 0 || cfg.SimNamespaces == len(simcloud.DemoAccount().Namespaces) {
		return simStateFile
	}
	return fmt.Sprintf("simcloud-%d.json", cfg.SimNamespaces)
}

// startSimCloud starts the simulated account (SIM_NAMESPACES) with the SIM_*
// settings, kept in stateFile ("" = in memory only), and says which account
// it is.
func startSimCloud(cfg config.Config, stateFile string) (*simcloud.Cloud, simcloud.Account, error) {
	key, err := cfg.SimKey()
	if err != nil {
		return nil, simcloud.Account{}, fmt.Errorf("SIM_KEY_* settings: %w", err)
	}
	acct, err := cfg.SimAccount()
	if err != nil {
		return nil, simcloud.Account{}, fmt.Errorf("SIM_NAMESPACES: %w", err)
	}
	sim := simcloud.New(acct, simcloud.Options{
		OpDelay:            cfg.SimAsyncDelay,
		StateFile:          stateFile,
		MetricsHourlyLimit: simcloud.DefaultMetricsHourlyLimit,
		Identity:           key,
		MetricsLabelForm:   cfg.SimLabelForm(),
	})
	if err := sim.Start(); err != nil {
		return nil, simcloud.Account{}, fmt.Errorf("starting the simulated Temporal Cloud: %w", err)
	}
	return sim, acct, nil
}

// cloudOptions are the Cloud settings the clients take.
func cloudOptions(cfg config.Config) app.CloudOptions {
	return app.CloudOptions{
		OpsAddress:           cfg.CloudOpsAddress,
		OpsAPIKey:            cfg.CloudOpsAPIKey,
		APIVersion:           cfg.CloudOpsAPIVersion,
		RateLimit:            cfg.CloudOpsRateLimit,
		MetricsURL:           cfg.MetricsBaseURL,
		MetricsAPIKey:        cfg.MetricsAPIKey,
		MetricsBudgetPerHour: cfg.MetricsBudgetPerHour,
		WatchInterval:        cfg.WatchInterval,
	}
}

// connectCloud builds the Cloud Ops and Metrics clients. With no Cloud keys
// it first starts the simulated demo account and says so loudly: nobody
// should mistake the demo namespaces for their own.
func connectCloud(cfg config.Config, m *telemetry.Metrics, logger *zap.Logger) (*cloudConn, error) {
	conn := &cloudConn{simulated: cfg.SimulatedCloud()}
	co := cloudOptions(cfg)
	if conn.simulated {
		// The simulated account is saved under DATA_DIR, like the embedded
		// Temporal server's database, so that a boost interrupted by a
		// restart of the process finds the namespace as it left it.
		if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
			return nil, fmt.Errorf("creating DATA_DIR %s: %w", cfg.DataDir, err)
		}
		sim, acct, err := startSimCloud(cfg, filepath.Join(cfg.DataDir, simStateName(cfg)))
		if err != nil {
			return nil, err
		}
		conn.sim = sim
		// The log names the first namespaces only: a large account's list
		// would fill a screen.
		ids := make([]string, 0, simLoggedNamespaces+1)
		for i, n := range acct.Namespaces {
			if i == simLoggedNamespaces {
				ids = append(ids, fmt.Sprintf("and %d more", len(acct.Namespaces)-i))
				break
			}
			ids = append(ids, n.ID)
		}
		logger.Warn("SIMULATED Temporal Cloud: demo account "+acct.ID+" with "+fmt.Sprint(len(acct.Namespaces))+
			" made-up namespaces; set TEMPORAL_CLOUD_OPS_API_KEY and TEMPORAL_CLOUD_METRICS_API_KEY to manage your own account",
			zap.String("account", acct.ID), zap.String("namespaces", strings.Join(ids, ",")),
			zap.String("cloud_ops", conn.sim.GRPCAddr()), zap.String("metrics", conn.sim.MetricsURL()),
			zap.String("metrics_label_form", cfg.SimMetricsLabelForm))
		co = co.Loopback(conn.sim.GRPCAddr(), conn.sim.MetricsURL(), simulatedKey)
	}
	ops, usage, err := app.CloudClients(co, m, logger)
	if err != nil {
		conn.close(logger)
		return nil, fmt.Errorf("Cloud Ops client (check TEMPORAL_CLOUD_OPS_API_KEY, CLOUD_OPS_API_ADDRESS, TEMPORAL_CLOUD_API_VERSION): %w", err)
	}
	conn.ops, conn.usage = ops, usage
	return conn, nil
}
