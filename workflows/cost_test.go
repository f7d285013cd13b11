package workflows

import (
	"math"
	"testing"
)

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

func TestFormatFloor(t *testing.T) {
	tests := []struct {
		perHour, price float64
		want           string
	}{
		{1_080_000, 50, "1.08M actions/h ≈ $54.00/h"},
		{1_080_000, 0, "1.08M actions/h"},
		{360_000, 0, "360K actions/h"},
		{0, 50, "0 actions/h"},
	}
	for _, tc := range tests {
		if got := FormatFloor(tc.perHour, tc.price); got != tc.want {
			t.Errorf("FormatFloor(%v, %v) = %q, want %q", tc.perHour, tc.price, got, tc.want)
		}
	}
}
