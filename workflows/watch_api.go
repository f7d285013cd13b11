package workflows

import (
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

// Names of the throttling watch. One workflow ID for the whole deployment:
// every replica starts it at boot and the start is idempotent.
const (
	ThrottleWatchWorkflowName = "CapacityThrottleWatch"
	ThrottleWatchWorkflowID   = "capacity-throttle-watch"
	// SignalWatchConfig hands a running watch new settings (sent by
	// StartThrottleWatch at every boot, so a changed WATCH_INTERVAL applies
	// without restarting the watch and losing its open incidents).
	SignalWatchConfig = "watch_config"
	// QueryWatchIncidents answers the open incidents.
	QueryWatchIncidents = "watch_incidents"
)

// Watch defaults and bounds.
const (
	DefaultWatchInterval           = 5 * time.Minute
	DefaultWatchThreshold          = 0.9
	DefaultWatchSensitiveThreshold = 0.5
	DefaultWatchClearAfter         = 2
	// minWatchInterval is a sanity floor only: WATCH_INTERVAL is validated
	// by the configuration (at least 30s, to stay within the Metrics API's
	// 180 requests per hour); tests run the watch every second.
	minWatchInterval = time.Second
)

// WatchConfig is how the throttling watch decides that a namespace needs
// attention. Temporal's guidance: alert at 50% of the limit for sensitive
// workloads, 90% otherwise.
type WatchConfig struct {
	Interval           time.Duration `json:"interval"`
	Threshold          float64       `json:"threshold"`
	SensitiveThreshold float64       `json:"sensitiveThreshold"`
	// Sensitive are globs (matched against the namespace ID and its bare
	// name) of namespaces held to SensitiveThreshold.
	Sensitive []string `json:"sensitive,omitempty"`
	// ClearAfter is how many consecutive quiet checks close an incident, so
	// a namespace hovering at the threshold does not alert every run.
	ClearAfter int `json:"clearAfter"`
	// MaxTRUs caps the suggested boost (MAX_TRUS).
	MaxTRUs float64 `json:"maxTrus"`
}

// withDefaults fills unset fields and raises an interval under a second.
func (c WatchConfig) withDefaults() WatchConfig {
	if c.Interval <= 0 {
		c.Interval = DefaultWatchInterval
	}
	c.Interval = max(c.Interval, minWatchInterval)
	if c.Threshold <= 0 {
		c.Threshold = DefaultWatchThreshold
	}
	if c.SensitiveThreshold <= 0 {
		c.SensitiveThreshold = DefaultWatchSensitiveThreshold
	}
	if c.ClearAfter <= 0 {
		c.ClearAfter = DefaultWatchClearAfter
	}
	return c
}

// ThresholdFor is the share of its limit at which a namespace alerts, and
// whether it counts as sensitive.
func (c WatchConfig) ThresholdFor(namespace string) (float64, bool) {
	if capacity.MatchAnyNamespace(c.Sensitive, namespace) {
		return c.SensitiveThreshold, true
	}
	return c.Threshold, false
}

// WatchIncident is an open throttling incident: a namespace throttled or
// above its threshold, alerted once when it opened.
type WatchIncident struct {
	Namespace     string    `json:"namespace"`
	OpenedAt      time.Time `json:"openedAt"`
	Throttled     bool      `json:"throttled"` // throttled at any check of the incident
	PeakShare     float64   `json:"peakShare"`
	Quiet         int       `json:"quiet"` // consecutive quiet checks
	SuggestedTRUs float64   `json:"suggestedTrus,omitempty"`
}

// WatchAlertKind says whether an incident opened or cleared.
type WatchAlertKind string

// Watch alert kinds.
const (
	WatchOpened  WatchAlertKind = "opened"
	WatchCleared WatchAlertKind = "cleared"
)

// WatchAlert is what the alerts channel is told about a namespace near or
// over its limit. An opened alert carries a suggested boost (SuggestedTRUs,
// 0 when none can be suggested) for the Boost button.
type WatchAlert struct {
	Kind            WatchAlertKind `json:"kind"`
	Namespace       string         `json:"namespace"`
	APS             float64        `json:"aps"`
	APSLimit        float64        `json:"apsLimit"`
	ThrottledPerSec float64        `json:"throttledPerSec"`
	Share           float64        `json:"share"` // APS / limit
	Threshold       float64        `json:"threshold"`
	Sensitive       bool           `json:"sensitive,omitempty"`
	CurrentTRUs     float64        `json:"currentTrus,omitempty"` // provisioned TRUs per the Metrics API
	SuggestedTRUs   float64        `json:"suggestedTrus,omitempty"`
	// SuggestionNote says why no boost, or a capped one, is suggested.
	SuggestionNote string    `json:"suggestionNote,omitempty"`
	OpenedAt       time.Time `json:"openedAt"`
	At             time.Time `json:"at"`
	Simulated      bool      `json:"simulated,omitempty"`
}

// WatchInput starts (or continues as new) the throttling watch.
type WatchInput struct {
	Config    WatchConfig              `json:"config"`
	Incidents map[string]WatchIncident `json:"incidents,omitempty"`
	// ChecksPerRun is how many checks run before continue-as-new (0: 500);
	// tests set it low.
	ChecksPerRun int `json:"checksPerRun,omitempty"`
}

// WatchSuggestInput asks for a boost suggestion for a namespace at a demand.
type WatchSuggestInput struct {
	Namespace string  `json:"namespace"`
	DemandAPS float64 `json:"demandAps"` // served plus throttled actions per second
	MaxTRUs   float64 `json:"maxTrus"`
}

// WatchSuggestion is a suggested boost.
type WatchSuggestion struct {
	TRUs float64 `json:"trus"`
	Note string  `json:"note,omitempty"`
}
