package perf

import (
	"testing"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/app"
)

// simKey is the key the perf clients send; the simulated cloud takes any.
const simKey = "perf"

// startSimAccount starts a simulated cloud serving acct and the product's
// Cloud clients for it, Cloud Ops paced at rate requests/s; stop closes
// both (a benchmark round stops its own before the next starts).
func startSimAccount(tb testing.TB, acct simcloud.Account, o simcloud.Options, rate float64) (
	cloud *simcloud.Cloud, ops *cloudops.Client, usage *metrics.Client, stop func()) {
	tb.Helper()
	cloud = simcloud.New(acct, o)
	if err := cloud.Start(); err != nil {
		tb.Fatalf("starting the simulated cloud: %v", err)
	}
	co := app.CloudOptions{RateLimit: rate}.Loopback(cloud.GRPCAddr(), cloud.MetricsURL(), simKey)
	ops, usage, err := app.CloudClients(co, nil, zap.NewNop())
	if err != nil {
		cloud.Close()
		tb.Fatal(err)
	}
	return cloud, ops, usage, func() {
		_ = ops.Close()
		cloud.Close()
	}
}
