package workflows

import (
	"math"
	"strconv"
	"strings"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// recNum renders a figure for a reason sentence: thousands separated, whole
// numbers without decimals, small fractions with up to two.
func recNum(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	neg := v < 0
	v = math.Abs(v)
	var s string
	switch {
	case v >= 100 || v == math.Trunc(v):
		s = humanize.Count(v)
	case v >= 10:
		s = strconv.FormatFloat(v, 'f', 1, 64)
	default:
		s = strconv.FormatFloat(v, 'f', 2, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if neg {
		return "-" + s
	}
	return s
}

// recPct renders part/whole as a whole percentage ("80%"); "n/a" for no whole.
func recPct(part, whole float64) string {
	if whole <= 0 {
		return "n/a"
	}
	return strconv.FormatFloat(math.Round(part/whole*100), 'f', 0, 64) + "%"
}
