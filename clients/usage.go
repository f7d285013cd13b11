package clients

import (
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

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
	Namespace             string    `json:"namespace"` // the label value as served
	ActionsPerSecond      float64   `json:"aps"`       // is_background="false" only
	BackgroundAPS         float64   `json:"backgroundAps"`
	ActionLimit           float64   `json:"actionLimit"`
	ThrottledPerSecond    float64   `json:"throttledPerSecond"`
	ProvisionedTRUs       float64   `json:"provisionedTrus"`
	OnDemandEnvelopeLimit float64   `json:"onDemandEnvelopeLimit"`
	Timestamp             time.Time `json:"timestamp,omitempty"`
}

// UsageSnapshot is the parsed result of one Metrics API scrape.
type UsageSnapshot struct {
	Namespaces   map[string]NamespaceUsage `json:"namespaces"`
	Completeness string                    `json:"completeness"` // X-Completeness; "complete" when whole
	Warnings     []string                  `json:"warnings,omitempty"`
}

// Lookup finds a namespace's usage whether the label carries the bare name
// ("payments") or the full Cloud namespace ID ("payments.acct1"), because the
// served label format is not documented with certainty.
func (s UsageSnapshot) Lookup(namespaceID string) (NamespaceUsage, bool) {
	if u, ok := s.Namespaces[namespaceID]; ok {
		return u, true
	}
	if name := capacity.BareName(namespaceID); name != namespaceID {
		if u, ok := s.Namespaces[name]; ok {
			return u, true
		}
	}
	return NamespaceUsage{}, false
}
