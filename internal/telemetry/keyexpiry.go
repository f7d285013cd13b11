package telemetry

import "github.com/prometheus/client_golang/prometheus"

// KeyExpiry is the gauge of days until the Cloud Ops API key expires, so
// that an alert fires weeks before an expired key would first show as a
// failing revert. It is kept apart from Metrics so that only a process that
// refreshes it registers it.
type KeyExpiry struct {
	days *prometheus.GaugeVec
}

// NewKeyExpiry registers the gauge on reg.
func NewKeyExpiry(reg prometheus.Registerer) *KeyExpiry {
	k := &KeyExpiry{days: prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Name: "capacitybot_api_key_expiry_days",
		Help: "Days until the API key expires (negative once expired); absent when the key has no expiry date.",
	}, []string{"key"})}
	reg.MustRegister(k.days)
	return k
}

// Set records the days left for key ("cloud_ops"); known false removes the
// series (the key never expires, or the API did not say).
func (k *KeyExpiry) Set(key string, days float64, known bool) {
	if !known {
		k.days.DeleteLabelValues(key)
		return
	}
	k.days.WithLabelValues(key).Set(days)
}
