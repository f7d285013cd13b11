package capacity

import (
	"testing"
	"time"
)

func TestParseClock(t *testing.T) {
	tests := []struct {
		in       string
		h, m     int
		wantFail bool
	}{
		{in: "00:00", h: 0, m: 0},
		{in: "09:30", h: 9, m: 30},
		{in: "23:59", h: 23, m: 59},
		{in: "9:30", wantFail: true},
		{in: "24:00", wantFail: true},
		{in: "12:60", wantFail: true},
		{in: "noon", wantFail: true},
		{in: "", wantFail: true},
	}
	for _, tc := range tests {
		h, m, err := ParseClock(tc.in)
		if (err != nil) != tc.wantFail {
			t.Errorf("ParseClock(%q) error = %v, want failure %v", tc.in, err, tc.wantFail)
			continue
		}
		if !tc.wantFail && (h != tc.h || m != tc.m) {
			t.Errorf("ParseClock(%q) = %d:%d, want %d:%d", tc.in, h, m, tc.h, tc.m)
		}
	}
}

func TestDaysString(t *testing.T) {
	tests := []struct {
		in   []time.Weekday
		want string
	}{
		{[]time.Weekday{time.Friday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday}, "weekdays"},
		{[]time.Weekday{time.Saturday, time.Sunday}, "weekends"},
		{[]time.Weekday{0, 1, 2, 3, 4, 5, 6}, "daily"},
		{[]time.Weekday{time.Friday, time.Monday, time.Wednesday, time.Monday}, "mon,wed,fri"},
		{nil, ""},
	}
	for _, tc := range tests {
		if got := DaysString(tc.in); got != tc.want {
			t.Errorf("DaysString(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
