package humanize

import (
	"math"
	"strconv"
	"strings"
)

// Count prints a number rounded to a whole one with thousands separators
// ("1,080,000"), so large action counts stay readable; "?" for NaN or
// infinity, which only a bug upstream produces and which must not print as
// a plausible figure.
func Count(n float64) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return "?"
	}
	digits := strconv.FormatFloat(math.Round(math.Abs(n)), 'f', 0, 64)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
