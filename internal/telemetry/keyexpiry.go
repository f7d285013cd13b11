package telemetry

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// expiryCollector serves capacitybot_cloud_api_key_days_to_expiry, computed
// at scrape time from the expiry times set so far. A key whose expiry was
// never read has no series: 0 would read as "expires today".
type expiryCollector struct {
	desc *prometheus.Desc
	mu   sync.Mutex
	at   map[string]time.Time
}

func newExpiryCollector() *expiryCollector {
	return &expiryCollector{
		desc: prometheus.NewDesc("capacitybot_cloud_api_key_days_to_expiry",
			"Days until a Temporal Cloud API key expires (negative once expired), by key (cloudops|metrics); present once the key's expiry was read.",
			[]string{"key"}, nil),
		at: map[string]time.Time{},
	}
}

func (c *expiryCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *expiryCollector) Collect(ch chan<- prometheus.Metric) {
	c.collectAt(ch, now())
}

func (c *expiryCollector) collectAt(ch chan<- prometheus.Metric, t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for key, exp := range c.at {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, exp.Sub(t).Hours()/24, key)
	}
}

// SetKeyExpiry records when a Temporal Cloud API key expires, for the
// capacitybot_cloud_api_key_days_to_expiry gauge; key is APICloudOps or
// APIMetrics. Whoever reads a key's expiry (on first contact with the API)
// calls it; the gauge then counts down on its own. A zero expires (the key
// never expires, or the API did not say) removes the series. Safe on a nil
// *Metrics.
func (m *Metrics) SetKeyExpiry(key string, expires time.Time) {
	if m == nil {
		return
	}
	m.keyExpiry.mu.Lock()
	defer m.keyExpiry.mu.Unlock()
	if expires.IsZero() {
		delete(m.keyExpiry.at, key)
		return
	}
	m.keyExpiry.at[key] = expires
}
