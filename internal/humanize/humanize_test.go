package humanize

import (
	"math"
	"testing"
	"time"
	"unicode/utf8"
)

func TestCount(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{999, "999"},
		{999.5, "1,000"},
		{1000, "1,000"},
		{1_080_000, "1,080,000"},
		{1234567.6, "1,234,568"},
		{-360_000, "-360,000"},
		{-999, "-999"},
		{1e18, "1,000,000,000,000,000,000"},
		{1e19, "10,000,000,000,000,000,000"}, // beyond int64: still grouped digits
		{math.NaN(), "?"},
		{math.Inf(1), "?"},
		{math.Inf(-1), "?"},
	}
	for _, tc := range tests {
		if got := Count(tc.in); got != tc.want {
			t.Errorf("Count(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDuration(t *testing.T) {
	tests := []struct {
		in   time.Duration
		want string
	}{
		{0, "0s"},
		{-5 * time.Minute, "0s"},
		{400 * time.Millisecond, "0s"},
		{20 * time.Second, "20s"},
		{59*time.Second + 400*time.Millisecond, "59s"},
		{59*time.Second + 600*time.Millisecond, "1m"},
		{90 * time.Second, "2m"}, // time.Duration.Round rounds halves away from zero
		{26 * time.Hour, "1d2h"},
		{73 * time.Hour, "3d1h"}, // the workflows printed "73h" before they used Duration
		{45 * time.Minute, "45m"},
		{2 * time.Hour, "2h"},
		{90 * time.Minute, "1h30m"},
		{119*time.Minute + 50*time.Second, "2h"},
		{24 * time.Hour, "1d"},
		{26 * time.Hour, "1d2h"},
		{31*24*time.Hour + 61*time.Minute, "31d1h1m"},
	}
	for _, tc := range tests {
		if got := Duration(tc.in); got != tc.want {
			t.Errorf("Duration(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTime(t *testing.T) {
	now := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	plus9 := time.FixedZone("UTC+9", 9*3600)
	tests := []struct {
		name string
		in   time.Time
		want string
	}{
		{"same day", now.Add(64 * time.Minute), "15:04 UTC"},
		{"earlier today", now.Add(-13 * time.Hour), "01:00 UTC"},
		{"tomorrow", now.Add(11 * time.Hour), "Fri 27 Nov 01:00 UTC"},
		{"same day of year, other year", now.AddDate(1, 0, 0), "Fri 26 Nov 14:00 UTC"},
		{"other zone, same UTC day", time.Date(2026, 11, 26, 23, 30, 0, 0, plus9), "14:30 UTC"},
		{"other zone, previous UTC day", time.Date(2026, 11, 26, 8, 0, 0, 0, plus9), "Wed 25 Nov 23:00 UTC"},
	}
	for _, tc := range tests {
		if got := Time(tc.in, now); got != tc.want {
			t.Errorf("%s: Time(%s) = %q, want %q", tc.name, tc.in, got, tc.want)
		}
	}
}

func TestDate(t *testing.T) {
	plus9 := time.FixedZone("UTC+9", 9*3600)
	tests := []struct {
		in   time.Time
		want string
	}{
		{time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC), "Thu 26 Nov 14:00 UTC"},
		{time.Date(2026, 11, 27, 8, 5, 0, 0, plus9), "Thu 26 Nov 23:05 UTC"},
	}
	for _, tc := range tests {
		if got := Date(tc.in); got != tc.want {
			t.Errorf("Date(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "reports"}, {1, "report"}, {2, "reports"}, {-1, "reports"},
	}
	for _, tc := range tests {
		if got := Plural(tc.n, "report", "reports"); got != tc.want {
			t.Errorf("Plural(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestPluralFor(t *testing.T) {
	tests := []struct {
		n    float64
		want string
	}{
		{0, "TRUs"}, {0.5, "TRUs"}, {1, "TRU"}, {1.5, "TRUs"}, {2, "TRUs"},
	}
	for _, tc := range tests {
		if got := PluralFor(tc.n, "TRU", "TRUs"); got != tc.want {
			t.Errorf("PluralFor(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}

func TestPercent(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0%"}, {0.8, "80%"}, {0.856, "86%"}, {1, "100%"}, {1.5, "150%"}, {0.125, "12%"}, {-0.1, "-10%"},
	}
	for _, tc := range tests {
		if got := Percent(tc.in); got != tc.want {
			t.Errorf("Percent(%v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[float64]string{4: "4", 2.5: "2.5", 0: "0", -3: "-3", 123456789: "123456789", 1e308: "1e+308", -1e12: "-1e+12"} {
		if got := Number(in); got != want {
			t.Errorf("Number(%v) = %q, want %q", in, got, want)
		}
	}
	if got := Number(math.NaN()); got != "?" {
		t.Errorf("Number(NaN) = %q", got)
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{name: "fits", in: "short", n: 10, want: "short"},
		{name: "exactly the limit", in: "exactly10!", n: 10, want: "exactly10!"},
		{name: "cut with a marker inside the limit", in: "longer than ten", n: 10, want: "longer th…"},
		{name: "counts characters, not bytes", in: "ééééé", n: 5, want: "ééééé"},
		{name: "never splits a character", in: "éééééé", n: 5, want: "éééé…"},
		{name: "limit of one has no room for a marker", in: "abc", n: 1, want: "a"},
		{name: "zero", in: "abc", n: 0, want: ""},
		{name: "negative is zero", in: "abc", n: -3, want: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Clip(tt.in, tt.n)
			if got != tt.want {
				t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
			}
			if n := utf8.RuneCountInString(got); n > max(tt.n, 0) {
				t.Errorf("Clip(%q, %d) has %d characters", tt.in, tt.n, n)
			}
		})
	}
}
