package capacity

import (
	"math"
	"slices"
)

// ValidTRUs are the TRU values a boost may ask for: those Cloud Ops lists
// as valid for the namespace, above 0, no more than its available maximum
// (maxAvailable; 0: unknown) and no more than MAX_TRUS (maxTRUs; 0: no
// cap), sorted and without repeats, so every form and check offers the same
// list. NaN, infinite and non-positive values, which only a faulty answer
// holds, are dropped.
func ValidTRUs(valid []float64, maxAvailable, maxTRUs float64) []float64 {
	var out []float64
	for _, v := range valid {
		if !(v > 0) || math.IsInf(v, 1) || (maxAvailable > 0 && v > maxAvailable) || (maxTRUs > 0 && v > maxTRUs) {
			continue
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}
