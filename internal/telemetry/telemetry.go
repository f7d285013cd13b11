// Package telemetry holds the Prometheus collectors the bot exposes on
// /metrics. One Metrics value is created at start and passed down; there is no
// package-level registry, so tests can make their own.
package telemetry

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/capacitybot/capacitybot/clients"
)

// The api label values of the Temporal Cloud series.
const (
	APICloudOps = "cloudops"
	APIMetrics  = "metrics"
)

// Metrics are the bot's Prometheus collectors.
type Metrics struct {
	Registry *prometheus.Registry

	Commands       *prometheus.CounterVec   // command, outcome
	BoostPhases    *prometheus.CounterVec   // phase
	CloudCalls     *prometheus.CounterVec   // api (cloudops|metrics), method, outcome
	CloudLatency   *prometheus.HistogramVec // api, method
	SlackCalls     *prometheus.CounterVec   // method, outcome
	SlackRateWaits *prometheus.CounterVec   // method
	AckLatency     prometheus.Histogram

	CloudErrors    *prometheus.CounterVec // api, kind (clients.ErrorKind)
	RevertFailures prometheus.Counter
	Alerts         *prometheus.CounterVec // severity
	Approvals      *prometheus.CounterVec // event (requested, approved, denied, expired)
	// MetricsAPIHourlyLimit is the Metrics API's hourly request allowance,
	// set by the wiring from the client's constant.
	MetricsAPIHourlyLimit prometheus.Gauge
	// MetricsAPIBudget is the bot's share of that allowance
	// (METRICS_API_BUDGET_PER_HOUR), set by the wiring.
	MetricsAPIBudget prometheus.Gauge
	// WatchEffectiveInterval is how often the throttling watch really
	// checks: WATCH_INTERVAL, or longer when the account needs more Metrics
	// API requests per check than the watch's share of the budget allows
	// (set by the Metrics client; 0 without a watch).
	WatchEffectiveInterval prometheus.Gauge

	metricsWindow *hourWindow
	ready         sourced
	draining      sourced
	socketsOpen   sourced
	socketsWanted sourced
	watchOpen     sourced
	keyExpiry     *expiryCollector
}

// New creates and registers every collector on a fresh registry.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		Commands: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "capacitybot_commands_total", Help: "Slash commands handled, by command and outcome.",
		}, []string{"command", "outcome"}),
		BoostPhases: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "capacitybot_boost_phase_transitions_total", Help: "Boost phase transitions, by phase entered.",
		}, []string{"phase"}),
		CloudCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "capacitybot_cloud_api_calls_total", Help: "Temporal Cloud API calls, by API, method and outcome.",
		}, []string{"api", "method", "outcome"}),
		CloudLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "capacitybot_cloud_api_call_seconds", Help: "Temporal Cloud API call latency.",
			Buckets: prometheus.ExponentialBuckets(0.005, 2, 12),
		}, []string{"api", "method"}),
		SlackCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "capacitybot_slack_api_calls_total", Help: "Slack Web API calls, by method and outcome.",
		}, []string{"method", "outcome"}),
		SlackRateWaits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "capacitybot_slack_rate_limit_waits_total", Help: "Slack 429 responses waited out, by method.",
		}, []string{"method"}),
		AckLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "capacitybot_slack_ack_seconds", Help: "Time from envelope receipt to ack.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}),
	}
	m.Registry.MustRegister(m.Commands, m.BoostPhases, m.CloudCalls, m.CloudLatency,
		m.SlackCalls, m.SlackRateWaits, m.AckLatency)
	m.registerOperations()
	return m
}

// ObserveCloud records one Temporal Cloud API call. Safe on a nil *Metrics so
// that clients can be used without telemetry in tests.
func (m *Metrics) ObserveCloud(api, method string, start time.Time, err error) {
	if m == nil {
		return
	}
	m.CloudCalls.WithLabelValues(api, method, outcome(err)).Inc()
	m.CloudLatency.WithLabelValues(api, method).Observe(time.Since(start).Seconds())
	if err != nil {
		m.CloudErrors.WithLabelValues(api, string(clients.KindOf(err))).Inc()
	}
	if api == APIMetrics {
		m.metricsWindow.add(time.Now())
	}
}

// ObserveSlack records one Slack Web API call. Safe on a nil *Metrics.
func (m *Metrics) ObserveSlack(method string, err error) {
	if m == nil {
		return
	}
	m.SlackCalls.WithLabelValues(method, outcome(err)).Inc()
}

// ObserveCommand records one handled command. Safe on a nil *Metrics.
func (m *Metrics) ObserveCommand(command, result string) {
	if m == nil {
		return
	}
	m.Commands.WithLabelValues(command, result).Inc()
}

// ObserveBoostPhase records a boost entering a phase. Safe on a nil *Metrics.
func (m *Metrics) ObserveBoostPhase(phase string) {
	if m == nil {
		return
	}
	m.BoostPhases.WithLabelValues(phase).Inc()
}

func outcome(err error) string {
	if err != nil {
		return outcomeError
	}
	return outcomeOK
}

// The outcome label values of the call counters.
const (
	outcomeOK    = "ok"
	outcomeError = "error"
)

// PresetSlack starts the Slack call counters of methods at zero for both
// outcomes, so that an alert on Slack errors sees the first one. Safe on a
// nil *Metrics.
func (m *Metrics) PresetSlack(methods []string) {
	if m == nil {
		return
	}
	for _, method := range methods {
		m.SlackCalls.WithLabelValues(method, outcomeOK)
		m.SlackCalls.WithLabelValues(method, outcomeError)
	}
}

// Preset creates the series that are known in advance at zero, so that
// dashboards and alerts see "0 boosts failed" rather than no data until the
// first event.
func (m *Metrics) Preset(commands, phases []string) {
	for _, c := range commands {
		m.Commands.WithLabelValues(c, outcomeOK)
	}
	for _, p := range phases {
		m.BoostPhases.WithLabelValues(p)
	}
}
