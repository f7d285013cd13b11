package app

import (
	"fmt"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// CloudOptions locate the Temporal Cloud account's two APIs.
type CloudOptions struct {
	OpsAddress string // "" = the Cloud Ops default
	OpsAPIKey  string
	APIVersion string // "" = the client's default
	// Insecure dials plaintext: only for the simulated cloud on loopback.
	Insecure bool
	// RateLimit caps Cloud Ops requests per second (0 = unlimited).
	RateLimit float64
	// CallTimeout bounds one Cloud Ops call (0 = the client's default).
	CallTimeout   time.Duration
	MetricsURL    string // "" = the Metrics API default
	MetricsAPIKey string
	// MetricsBudgetPerHour is the bot's share of the Metrics API's hourly
	// requests (0 = the client's default).
	MetricsBudgetPerHour int
	// WatchInterval is the throttling watch's configured interval (0 = off).
	WatchInterval time.Duration
}

// Loopback points the options at a simulated cloud served on this machine,
// which accepts key; the rate limit and call timeout are kept.
func (o CloudOptions) Loopback(grpcAddr, metricsURL, key string) CloudOptions {
	o.OpsAddress, o.OpsAPIKey, o.Insecure, o.APIVersion = grpcAddr, key, true, ""
	o.MetricsURL, o.MetricsAPIKey = metricsURL, key
	return o
}

// CloudClients builds the Cloud Ops client (it connects lazily) and the
// Metrics client. The caller closes the Cloud Ops client.
func CloudClients(o CloudOptions, m *telemetry.Metrics, logger *zap.Logger) (*cloudops.Client, *metrics.Client, error) {
	ops, err := cloudops.New(cloudops.Options{
		Address:     o.OpsAddress,
		APIKey:      o.OpsAPIKey,
		APIVersion:  o.APIVersion,
		Insecure:    o.Insecure,
		RateLimit:   o.RateLimit,
		CallTimeout: o.CallTimeout,
		Metrics:     m,
		Logger:      logger.Named("cloudops"),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("building the Cloud Ops client: %w", err)
	}
	usage := metrics.New(metrics.Options{BaseURL: o.MetricsURL, APIKey: o.MetricsAPIKey, Metrics: m,
		BudgetPerHour: o.MetricsBudgetPerHour, WatchInterval: o.WatchInterval, Logger: logger.Named("metrics")})
	if m != nil {
		m.MetricsAPIHourlyLimit.Set(metrics.HourlyRequestLimit)
		m.MetricsAPIBudget.Set(float64(usage.BudgetPerHour()))
	}
	return ops, usage, nil
}
