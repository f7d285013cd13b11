package metrics

import (
	"fmt"
	"math"
	"strconv"
)

// minMillisTimestamp separates the two timestamp units seen in OpenMetrics
// bodies. OpenMetrics says timestamps are seconds (possibly fractional),
// while the Temporal Cloud docs and examples serve integer milliseconds. A
// value from 1e11 up is read as milliseconds: as seconds it would be after
// the year 5138, and as milliseconds anything below it would be before March
// 1973, so no real sample is ambiguous.
const minMillisTimestamp = 1e11

// maxAbsMillis bounds a timestamp so that it fits an int64 with room to spare.
const maxAbsMillis = math.MaxInt64 / 2

// timestampMs reads a sample timestamp as Unix milliseconds. OpenMetrics
// timestamps are seconds, integer or fractional, unless plainly milliseconds
// (see minMillisTimestamp); Prometheus text timestamps are integer
// milliseconds.
func timestampMs(tok []byte, f bodyFormat) (int64, error) {
	if f == formatPromText {
		ms, err := strconv.ParseInt(string(tok), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("invalid timestamp %q: want integer milliseconds", clip(tok))
		}
		return ms, nil
	}
	if !isDecimal(tok) {
		return 0, fmt.Errorf("invalid timestamp %q", clip(tok))
	}
	v, err := strconv.ParseFloat(string(tok), 64)
	if err != nil {
		return 0, fmt.Errorf("invalid timestamp %q", clip(tok))
	}
	ms := math.Round(v * 1000)
	if math.Abs(v) >= minMillisTimestamp {
		ms = math.Round(v)
	}
	if math.Abs(ms) >= maxAbsMillis {
		return 0, fmt.Errorf("timestamp %q out of range", clip(tok))
	}
	return int64(ms), nil
}

// isDecimal reports whether b is a number as OpenMetrics writes one:
// digits with an optional sign, point and exponent. It keeps out what
// strconv.ParseFloat would also take: NaN, Inf, hexadecimal, underscores.
func isDecimal(b []byte) bool {
	digits := false
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			digits = true
		case c == '+', c == '-', c == '.', c == 'e', c == 'E':
		default:
			return false
		}
	}
	return digits
}
