package telemetry

import (
	"math"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/capacitybot/capacitybot/clients"
)

// Severities of the alerts the boost workflow posts; the same words as
// workflows.StepSeverity, which cannot be imported here (workflows imports
// telemetry). A test in workflows keeps the two equal.
var alertSeverities = []string{"info", "warning", "error"}

// registerOperations adds the series an operator watches beyond the
// per-call counters: state read at scrape time from the parts that know it,
// errors by kind, revert failures, the Metrics API budget, and the Go and
// process collectors. Every series whose labels are known in advance starts
// at zero, so that rate() and alert rules see the first event.
func (m *Metrics) registerOperations() {
	m.CloudErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "capacitybot_cloud_api_errors_total",
		Help: "Temporal Cloud API calls that failed, by API (cloudops|metrics) and error kind (see clients.ErrorKind).",
	}, []string{"api", "kind"})
	m.RevertFailures = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "capacitybot_boost_revert_failures_total",
		Help: "Escalations of a failing revert (at the first failure, then after 15m, 1h, 4h and 12h of failing); each is also alerted in Slack.",
	})
	m.Alerts = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "capacitybot_boost_alerts_total", Help: "Boost alerts posted to the alerts channel, by severity.",
	}, []string{"severity"})
	m.MetricsAPIHourlyLimit = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "capacitybot_metrics_api_hourly_limit", Help: "Requests per hour the Temporal Cloud Metrics API allows.",
	})
	m.MetricsAPIBudget = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "capacitybot_metrics_api_budget_per_hour", Help: "Metrics API requests per hour this process allows itself (METRICS_API_BUDGET_PER_HOUR), its share of the account's hourly limit.",
	})
	m.WatchEffectiveInterval = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "capacitybot_watch_effective_interval_seconds",
		Help: "How often the throttling watch checks: WATCH_INTERVAL, or longer when the account needs more Metrics API requests per check than the watch's share of the budget allows; 0 without a watch.",
	})
	m.Approvals = newApprovals()
	m.metricsWindow = &hourWindow{}
	m.keyExpiry = newExpiryCollector()

	m.Registry.MustRegister(m.CloudErrors, m.RevertFailures, m.Alerts, m.Approvals, m.MetricsAPIHourlyLimit, m.MetricsAPIBudget, m.WatchEffectiveInterval, m.keyExpiry,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "capacitybot_metrics_api_requests_last_hour",
			Help: "Metrics API requests this process made in the last hour (to the minute); compare with capacitybot_metrics_api_hourly_limit, summed over replicas.",
		}, func() float64 { return float64(m.metricsWindow.count(now())) }),
		m.ready.gauge("capacitybot_ready", "1 when /readyz answers 200 (every part up, not draining), else 0."),
		m.draining.gauge("capacitybot_draining", "1 once the process has begun draining on SIGTERM."),
		m.socketsOpen.gauge("capacitybot_slack_socket_connections_open", "Slack Socket Mode connections currently open (said hello, not dropped)."),
		m.socketsWanted.gauge("capacitybot_slack_socket_connections_configured", "Slack Socket Mode connections the process holds (SLACK_CONNECTIONS); 0 without Slack."),
		m.watchOpen.gauge("capacitybot_watch_incidents_open", "Open throttling-watch incidents, read from the watch workflow at scrape time; NaN when it cannot be read."),
	)

	for _, api := range []string{APICloudOps, APIMetrics} {
		for _, k := range clients.Kinds() {
			m.CloudErrors.WithLabelValues(api, string(k))
		}
	}
	for _, s := range alertSeverities {
		m.Alerts.WithLabelValues(s)
	}
}

// SetReadiness makes capacitybot_ready and capacitybot_draining read the
// health server's answers at scrape time. Safe on a nil *Metrics.
func (m *Metrics) SetReadiness(ready, draining func() bool) {
	if m == nil {
		return
	}
	m.ready.set(func() float64 { return boolValue(ready()) })
	m.draining.set(func() float64 { return boolValue(draining()) })
}

// SetSlackSockets makes the Socket Mode gauges read open() at scrape time,
// out of configured connections. Safe on a nil *Metrics.
func (m *Metrics) SetSlackSockets(open func() int, configured int) {
	if m == nil {
		return
	}
	m.socketsOpen.set(func() float64 { return float64(open()) })
	m.socketsWanted.set(func() float64 { return float64(configured) })
}

// SetWatchIncidents makes capacitybot_watch_incidents_open call open at
// scrape time; an error reads as NaN (unknown), never as 0 incidents. Safe
// on a nil *Metrics.
func (m *Metrics) SetWatchIncidents(open func() (int, error)) {
	if m == nil {
		return
	}
	m.watchOpen.set(func() float64 {
		n, err := open()
		if err != nil {
			return math.NaN()
		}
		return float64(n)
	})
}

// ObserveRevertFailure records one escalation of a failing revert. Safe on a
// nil *Metrics.
func (m *Metrics) ObserveRevertFailure() {
	if m == nil {
		return
	}
	m.RevertFailures.Inc()
}

// ObserveAlert records one boost alert posted, by severity. Safe on a nil
// *Metrics.
func (m *Metrics) ObserveAlert(severity string) {
	if m == nil {
		return
	}
	m.Alerts.WithLabelValues(severity).Inc()
}

func boolValue(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
