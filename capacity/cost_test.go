package capacity

import (
	"math"
	"testing"
	"time"
)

func TestMinActionsPerHour(t *testing.T) {
	tests := []struct {
		trus float64
		want float64
	}{
		{0, 0}, {1, 0}, {0.5, 0}, {math.NaN(), 0},
		{2, 360_000}, {4, 1_080_000}, {2.5, 540_000},
	}
	for _, tc := range tests {
		if got := MinActionsPerHour(tc.trus); got != tc.want {
			t.Errorf("MinActionsPerHour(%v) = %v, want %v", tc.trus, got, tc.want)
		}
	}
}

func TestFormatFloor(t *testing.T) {
	tests := []struct {
		perHour, price float64
		want           string
	}{
		{1_080_000, 0, "1.08M actions/h"},
		{1_080_000, 50, "1.08M actions/h ≈ $54.00/h"},
		{360_000, 25, "360K actions/h ≈ $9.00/h"},
		{999, 0, "999 actions/h"},
		{0, 50, "0 actions/h"},
		{math.NaN(), 50, "0 actions/h"},
	}
	for _, tc := range tests {
		if got := FormatFloor(tc.perHour, tc.price); got != tc.want {
			t.Errorf("FormatFloor(%v, %v) = %q, want %q", tc.perHour, tc.price, got, tc.want)
		}
	}
}

func TestFormatHourlyCost(t *testing.T) {
	tests := []struct {
		name           string
		perHour, price float64
		want           string
	}{
		{"docs example: 1.08M actions/h at $50/M", 1_080_000, 50, " ≈ $54.00/h"},
		{"no price configured", 1_080_000, 0, ""},
		{"negative price", 1_080_000, -1, ""},
		{"no floor", 0, 50, ""},
		{"fraction of a cent rounds", 360_000, 0.01, " ≈ $0.00/h"},
		{"infinite floor", math.Inf(1), 50, " ≈ ?/h"},
	}
	for _, tc := range tests {
		if got := FormatHourlyCost(tc.perHour, tc.price); got != tc.want {
			t.Errorf("%s: FormatHourlyCost(%v, %v) = %q, want %q", tc.name, tc.perHour, tc.price, got, tc.want)
		}
	}
}

func TestFormatWindowFloor(t *testing.T) {
	for _, tc := range []struct {
		floor, price float64
		window       time.Duration
		want         string
	}{
		{1.08e6, 0, 2 * time.Hour, "at least 2.16M actions over 2h"},
		{1.08e6, 50, 2 * time.Hour, "at least 2.16M actions over 2h ≈ $108.00"},
		{360000, 25, 30 * time.Minute, "at least 180K actions over 30m ≈ $4.50"},
		{0, 50, 2 * time.Hour, ""},
		{1.08e6, 50, 0, ""},
	} {
		if got := FormatWindowFloor(tc.floor, tc.price, tc.window); got != tc.want {
			t.Errorf("FormatWindowFloor(%v, %v, %s) = %q, want %q", tc.floor, tc.price, tc.window, got, tc.want)
		}
	}
}
