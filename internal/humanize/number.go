package humanize

import (
	"math"
	"strconv"
)

// Number prints a plain number as typed, "4" or "2.5", but keeps absurd
// values short ("1e+308", not 309 digits) so that a forged value echoed in a
// refusal cannot flood a message.
func Number(n float64) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return "?"
	}
	if math.Abs(n) >= 1e9 {
		return strconv.FormatFloat(n, 'g', 4, 64)
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}
