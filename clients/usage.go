package clients

import (
	"context"
	"errors"
	"time"
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

// UsagePurpose says who reads usage, so that the Metrics client can keep the
// throttling watch within its share of the hourly request budget while
// analyses and reports wait for theirs.
type UsagePurpose int

// The readers of usage.
const (
	PurposeOnDemand UsagePurpose = iota // an analysis or a report: waits for budget
	PurposeWatch                        // the throttling watch: skips a check rather than wait
)

type usagePurposeKey struct{}

// WithUsagePurpose marks ctx as a read of usage for p.
func WithUsagePurpose(ctx context.Context, p UsagePurpose) context.Context {
	return context.WithValue(ctx, usagePurposeKey{}, p)
}

// UsagePurposeOf is the purpose WithUsagePurpose set (PurposeOnDemand when
// none).
func UsagePurposeOf(ctx context.Context) UsagePurpose {
	p, _ := ctx.Value(usagePurposeKey{}).(UsagePurpose)
	return p
}

// ErrWatchDeferred says a throttling watch check was skipped, not failed:
// the account needs more Metrics API requests per scrape than the watch's
// share of the hourly budget allows at its interval, so the watch checks
// less often (the Metrics client logs and exports the interval it keeps).
var ErrWatchDeferred = errors.New("throttling watch check deferred to stay within the Metrics API request budget")
