package metrics

import (
	"testing"
	"time"
)

func TestRequestsPerScrape(t *testing.T) {
	tests := []struct {
		name        string
		probe       Probe
		want        int
		wantAtLeast bool
	}{
		{name: "demo", probe: Probe{Completeness: "complete", Points: 72}, want: 1},
		{name: "empty", probe: Probe{Completeness: "complete"}, want: 1},
		{name: "one batch full", probe: Probe{Completeness: "complete", Points: batchTarget}, want: 1},
		{name: "just over a batch", probe: Probe{Completeness: "complete", Points: batchTarget + 1}, want: 2},
		{name: "limited", probe: Probe{Completeness: "limited", Points: 29994}, want: 3, wantAtLeast: true},
		{name: "limited and small", probe: Probe{Completeness: "limited", Points: 10}, want: 2, wantAtLeast: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, atLeast := RequestsPerScrape(tt.probe)
			if got != tt.want || atLeast != tt.wantAtLeast {
				t.Errorf("RequestsPerScrape = %d, %v; want %d, %v", got, atLeast, tt.want, tt.wantAtLeast)
			}
		})
	}
}

func TestEffectiveWatchInterval(t *testing.T) {
	tests := []struct {
		name     string
		interval time.Duration
		budget   int
		requests int
		want     time.Duration
	}{
		{name: "off", interval: 0, budget: 120, requests: 3, want: 0},
		{name: "demo at 5m", interval: 5 * time.Minute, budget: 120, requests: 1, want: 5 * time.Minute},
		{name: "demo at 30s: half of 120 is one a minute", interval: 30 * time.Second, budget: 120, requests: 1, want: time.Minute},
		{name: "10,000 namespaces at 30s", interval: 30 * time.Second, budget: 120, requests: 3, want: 3 * time.Minute},
		{name: "10,000 namespaces at 5m", interval: 5 * time.Minute, budget: 120, requests: 3, want: 5 * time.Minute},
		{name: "a multiple of the interval", interval: 2 * time.Minute, budget: 45, requests: 3, want: 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := EffectiveWatchInterval(tt.interval, tt.budget, tt.requests); got != tt.want {
				t.Errorf("EffectiveWatchInterval = %s, want %s", got, tt.want)
			}
		})
	}
}
