package capacity

import (
	"testing"
	"time"
)

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// New York moves to daylight time on Sunday 2026-03-08 (EST, UTC-5, to EDT,
// UTC-4) and back on Sunday 2026-11-01.
func TestScheduledWindowAcrossDaylightSaving(t *testing.T) {
	tests := []struct {
		name             string
		fired            string
		start, end, zone string
		wantFrom, wantTo string
		wantErr          bool
		wantHours        float64
	}{
		{"Friday before the change: 09:00-17:00 EST", "2026-03-06T14:00:00Z", "09:00", "17:00", "America/New_York",
			"2026-03-06T14:00:00Z", "2026-03-06T22:00:00Z", false, 8},
		{"Monday after the change: 09:00-17:00 EDT", "2026-03-09T13:00:00Z", "09:00", "17:00", "America/New_York",
			"2026-03-09T13:00:00Z", "2026-03-09T21:00:00Z", false, 8},
		{"overnight across spring-forward: 7 hours", "2026-03-08T03:00:00Z", "22:00", "06:00", "America/New_York",
			"2026-03-08T03:00:00Z", "2026-03-08T10:00:00Z", false, 7},
		{"overnight across fall-back: 9 hours", "2026-11-01T02:00:00Z", "22:00", "06:00", "America/New_York",
			"2026-11-01T02:00:00Z", "2026-11-01T11:00:00Z", false, 9},
		{"late run after midnight belongs to yesterday's overnight window", "2026-03-10T04:30:00Z", "23:00", "02:00", "America/New_York",
			"2026-03-10T03:00:00Z", "2026-03-10T06:00:00Z", false, 3},
		{"no zone is UTC", "2026-03-09T09:00:00Z", "09:00", "10:30", "",
			"2026-03-09T09:00:00Z", "2026-03-09T10:30:00Z", false, 1.5},
		{"unknown zone", "2026-03-09T09:00:00Z", "09:00", "10:00", "Mars/Olympus", "", "", true, 0},
		{"bad clock", "2026-03-09T09:00:00Z", "9am", "10:00", "UTC", "", "", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			from, to, err := ScheduledWindow(utc(tt.fired), tt.start, tt.end, tt.zone)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("want an error, got %s-%s", from, to)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !from.Equal(utc(tt.wantFrom)) || !to.Equal(utc(tt.wantTo)) {
				t.Errorf("window = %s - %s, want %s - %s", from, to, tt.wantFrom, tt.wantTo)
			}
			if h := to.Sub(from).Hours(); h != tt.wantHours {
				t.Errorf("window lasts %vh, want %vh", h, tt.wantHours)
			}
		})
	}
}

func TestZoneName(t *testing.T) {
	for in, want := range map[string]string{"": "UTC", "UTC": "UTC", "Europe/Paris": "Europe/Paris"} {
		if got := ZoneName(in); got != want {
			t.Errorf("ZoneName(%q) = %q, want %q", in, got, want)
		}
	}
}
