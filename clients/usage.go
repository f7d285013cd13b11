package clients

import "time"

// Metric names served by the Temporal Cloud Metrics API that the bot reads.
const (
	MetricActionCount           = "temporal_cloud_v1_total_action_count"
	MetricActionLimit           = "temporal_cloud_v1_action_limit"
	MetricActionThrottled       = "temporal_cloud_v1_total_action_throttled_count"
	MetricProvisionedTRUs       = "temporal_cloud_v1_provisioned_capacity_tru_count"
	MetricOnDemandEnvelopeLimit = "temporal_cloud_v1_action_on_demand_envelope_limit"
)

// UsageMetricNames lists the metrics requested from the Metrics API.
var UsageMetricNames = []string{
	MetricActionCount, MetricActionLimit, MetricActionThrottled,
	MetricProvisionedTRUs, MetricOnDemandEnvelopeLimit,
}

// NamespaceUsage is one namespace's last-minute usage from the Metrics API.
// Rates are per second, summed over all series of the namespace.
type NamespaceUsage struct {
	// Namespace is the temporal_namespace label value as served until
	// ResolveUsage keys the snapshot by namespace ID; then it is the ID and
	// Label keeps the value as served.
	Namespace             string    `json:"namespace"`
	Label                 string    `json:"label,omitempty"`
	ActionsPerSecond      float64   `json:"aps"` // is_background="false" only
	BackgroundAPS         float64   `json:"backgroundAps"`
	ActionLimit           float64   `json:"actionLimit"`
	ThrottledPerSecond    float64   `json:"throttledPerSecond"`
	ProvisionedTRUs       float64   `json:"provisionedTrus"`
	OnDemandEnvelopeLimit float64   `json:"onDemandEnvelopeLimit"`
	Timestamp             time.Time `json:"timestamp,omitempty"`
	// Unreadable says why the namespace's usage cannot be used ("" when it
	// can): a sample was served but was NaN, infinite or negative. The
	// figures above are then incomplete and must not be read as zero usage.
	Unreadable string `json:"unreadable,omitempty"`
}

// UsageSnapshot is the parsed result of one Metrics API scrape.
type UsageSnapshot struct {
	Namespaces   map[string]NamespaceUsage `json:"namespaces"`
	Completeness string                    `json:"completeness"` // X-Completeness; "complete" when whole
	Warnings     []string                  `json:"warnings,omitempty"`
}
