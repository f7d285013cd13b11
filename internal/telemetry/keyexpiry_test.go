package telemetry

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
)

func TestKeyExpiry(t *testing.T) {
	tests := []struct {
		name   string
		days   float64
		known  bool
		series int
		want   float64
	}{
		{name: "expires in 12.5 days", days: 12.5, known: true, series: 1, want: 12.5},
		{name: "expired", days: -1, known: true, series: 1, want: -1},
		{name: "no expiry date: no series", known: false, series: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reg := prometheus.NewRegistry()
			k := NewKeyExpiry(reg)
			k.Set("cloud_ops", 3, true) // an earlier value the new one replaces
			k.Set("cloud_ops", tt.days, tt.known)
			if n := testutil.CollectAndCount(k.days); n != tt.series {
				t.Fatalf("%d series, want %d", n, tt.series)
			}
			if tt.series == 1 {
				if got := testutil.ToFloat64(k.days.WithLabelValues("cloud_ops")); got != tt.want {
					t.Errorf("gauge = %v, want %v", got, tt.want)
				}
			}
		})
	}
}
