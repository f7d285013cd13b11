package workflows

import "time"

// Names of the Metrics API budget workflow: one workflow ID for the whole
// deployment, so that every replica's requests come out of one sliding hour
// (the account's 180 requests an hour are shared by all of them).
const (
	MetricsBudgetWorkflowName = "MetricsAPIBudget"
	MetricsBudgetWorkflowID   = "capacity-metrics-api-budget"
	// UpdateMetricsBudgetTake asks for one request (MetricsBudgetTake) and
	// answers MetricsBudgetGrant.
	UpdateMetricsBudgetTake = "take"
)

// metricsBudgetUpdatesPerRun is how many requests a run grants or refuses
// before it continues as new, carrying only the last hour's grants (at most
// 180 timestamps), so that neither history nor payload grows.
const metricsBudgetUpdatesPerRun = 500

// MetricsBudgetTake asks for one Metrics API request within PerHour, the
// asking replica's METRICS_API_BUDGET_PER_HOUR.
type MetricsBudgetTake struct {
	PerHour int `json:"perHour"`
}

// MetricsBudgetGrant answers a take: Wait 0 grants the request, else it is
// how long until one would be granted.
type MetricsBudgetGrant struct {
	Wait time.Duration `json:"wait,omitempty"`
}

// MetricsBudgetState is the workflow's input: the grants of the last hour
// carried over a continue-as-new.
type MetricsBudgetState struct {
	Granted []time.Time `json:"granted,omitempty"`
	// UpdatesPerRun overrides metricsBudgetUpdatesPerRun (0: the default),
	// for tests.
	UpdatesPerRun int `json:"updatesPerRun,omitempty"`
}
