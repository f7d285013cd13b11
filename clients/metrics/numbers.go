package metrics

import (
	"fmt"
	"math"
	"strconv"
)

// minMillisTimestamp separates the two timestamp units seen in the wild.
// OpenMetrics says timestamps are seconds (possibly fractional), while the
// Temporal Cloud docs and examples serve integer milliseconds. An integer below
// 1e11 is read as seconds: as milliseconds it would be before March 1973, and
// as seconds it is before the year 5138, so no real sample is ambiguous.
const minMillisTimestamp = 1e11

// parseTimestampMs reads a sample timestamp as Unix milliseconds: integer
// milliseconds (Temporal Cloud), integer seconds or fractional seconds
// (OpenMetrics).
func parseTimestampMs(tok []byte) (int64, error) {
	if n, ok := parseDigits(tok); ok {
		return timestampUnitToMs(n), nil
	}
	s := string(tok)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return timestampUnitToMs(n), nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("invalid timestamp %q", clip(tok))
	}
	ms := math.Round(f * 1000)
	if math.Abs(f) >= minMillisTimestamp {
		ms = math.Round(f) // a fractional millisecond timestamp
	}
	if ms >= math.MaxInt64/2 || ms <= math.MinInt64/2 {
		return 0, fmt.Errorf("timestamp %q out of range", clip(tok))
	}
	return int64(ms), nil
}

// timestampUnitToMs converts an integer timestamp to milliseconds; see
// minMillisTimestamp.
func timestampUnitToMs(n int64) int64 {
	if n > -minMillisTimestamp && n < minMillisTimestamp {
		return n * 1000
	}
	return n
}

// parseDigits is the fast path for an unsigned integer of at most 18 digits.
func parseDigits(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// pow10 holds the powers of ten that are exact in a float64 (read-only).
var pow10 = [...]float64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// parseValue reads a sample value as the Prometheus text format does:
// decimal or scientific notation, NaN and ±Inf; no hex, no digit separators.
func parseValue(b []byte) (float64, error) {
	v, ok, plain := parsePlainDecimal(b)
	if ok {
		return v, nil
	}
	if !plain {
		for _, c := range b {
			// strconv would take hex floats and digit separators; the format does not.
			if c == 'p' || c == 'P' || c == '_' {
				return 0, fmt.Errorf("expected float as value, got %q", clip(b))
			}
		}
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return 0, fmt.Errorf("expected float as value, got %q", clip(b))
	}
	return v, nil
}

// parsePlainDecimal is the fast path for the common "123" or "12.5": with at
// most 15 digits both the mantissa and the power of ten are exact in a
// float64, so one (correctly rounded) division gives exactly what
// strconv.ParseFloat would. When it declines, plain says whether b was
// still only digits and at most one dot (too many digits for the fast path),
// which spares the caller a scan for characters strconv should not see.
func parsePlainDecimal(b []byte) (v float64, ok, plain bool) {
	if len(b) == 0 {
		return 0, false, false
	}
	var mant uint64
	digits, frac := 0, -1
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			mant = mant*10 + uint64(c-'0') // may wrap past 19 digits; then unused
			digits++
			if frac >= 0 {
				frac++
			}
		case c == '.' && frac < 0:
			frac = 0
		default:
			return 0, false, false
		}
	}
	if digits == 0 {
		return 0, false, false
	}
	if digits > 15 {
		return 0, false, true
	}
	v = float64(mant)
	if frac > 0 {
		v /= pow10[frac]
	}
	return v, true, true
}
