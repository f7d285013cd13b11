package simcloudtest

import (
	"testing"
	"time"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		advances []time.Duration
		want     time.Time
	}{
		{name: "stopped", want: start},
		{name: "advanced twice", advances: []time.Duration{time.Second, time.Minute}, want: start.Add(61 * time.Second)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewClock(start)
			for _, d := range tt.advances {
				c.Advance(d)
			}
			if got := c.Now(); !got.Equal(tt.want) {
				t.Errorf("Now = %v, want %v", got, tt.want)
			}
		})
	}
}
