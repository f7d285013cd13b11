package capacity

import (
	"math"
	"slices"
	"testing"
)

func TestValidTRUs(t *testing.T) {
	tests := []struct {
		name             string
		valid            []float64
		maxAvail, maxTRU float64
		want             []float64
	}{
		{"no limits", []float64{2, 3, 4}, 0, 0, []float64{2, 3, 4}},
		{"available caps", []float64{2, 4, 8, 12}, 8, 0, []float64{2, 4, 8}},
		{"MAX_TRUS caps", []float64{2, 4, 8, 12}, 12, 4, []float64{2, 4}},
		{"sorted and deduped", []float64{8, 2, 4, 2, 8}, 0, 0, []float64{2, 4, 8}},
		{"zero, negative, NaN and infinite dropped", []float64{0, -2, math.NaN(), math.Inf(1), math.Inf(-1), 3}, 0, 0, []float64{3}},
		{"nothing left", []float64{16}, 8, 0, nil},
		{"none listed", nil, 8, 4, nil},
	}
	for _, tc := range tests {
		if got := ValidTRUs(tc.valid, tc.maxAvail, tc.maxTRU); !slices.Equal(got, tc.want) {
			t.Errorf("%s: ValidTRUs = %v, want %v", tc.name, got, tc.want)
		}
	}
}
