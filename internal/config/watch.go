package config

import (
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients/metrics"
)

// minWatchInterval keeps the throttling watch within the Metrics API's 180
// requests per hour (one request per check), with room left for analyses.
const minWatchInterval = 30 * time.Second

// WatchEnabled reports whether the throttling watch runs.
func (c Config) WatchEnabled() bool { return c.WatchInterval > 0 }

func (c Config) validateWatch(bad func(name, format string, args ...any)) {
	if c.WatchInterval < 0 || (c.WatchInterval > 0 && c.WatchInterval < minWatchInterval) {
		bad("WATCH_INTERVAL", "must be 0 (off) or at least %s (the Metrics API allows 180 requests/hour), got %s", minWatchInterval, c.WatchInterval)
	}
	if c.MetricsBudgetPerHour < 0 || c.MetricsBudgetPerHour > metrics.HourlyRequestLimit { // 0: unset, the client's default
		bad("METRICS_API_BUDGET_PER_HOUR", "must be 1 to %d (the Metrics API's requests per hour per account, shared with your own scrapers), got %d",
			metrics.HourlyRequestLimit, c.MetricsBudgetPerHour)
	}
	if c.WatchThreshold <= 0 || c.WatchThreshold > 1 {
		bad("WATCH_THRESHOLD", "must be a share of the limit above 0 and at most 1 (e.g. 0.9), got %v", c.WatchThreshold)
	}
	if c.WatchSensitiveThreshold <= 0 || c.WatchSensitiveThreshold > 1 {
		bad("WATCH_SENSITIVE_THRESHOLD", "must be a share of the limit above 0 and at most 1 (e.g. 0.5), got %v", c.WatchSensitiveThreshold)
	}
	for _, g := range c.WatchSensitiveNamespaces {
		if err := capacity.CheckGlob(g); err != nil {
			bad("WATCH_SENSITIVE_NAMESPACES", "%v", err)
		}
	}
}
