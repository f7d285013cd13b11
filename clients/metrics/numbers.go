package metrics

import (
	"fmt"
	"math"
	"math/bits"
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
		if digits > 19 {
			return 0, false, true
		}
		v, ok = checkedQuotient(mant, max(frac, 0))
		return v, ok, true
	}
	v = float64(mant)
	if frac > 0 {
		v /= pow10[frac]
	}
	return v, true, true
}

// pow10u holds the powers of ten that fit in a uint64 (read-only).
var pow10u = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

// checkedQuotient returns m / 10^k correctly rounded, or false when it cannot
// vouch for the result (the caller then asks strconv). The quotient computed
// in floating point may be an ulp off when m has more than 15 digits, so it
// and its two neighbours are tried, and one is accepted only if exact
// integer arithmetic shows it within half an ulp of the true quotient.
func checkedQuotient(m uint64, k int) (float64, bool) {
	if m == 0 || k >= len(pow10u) {
		return 0, false
	}
	v := float64(m) / float64(pow10u[k])
	for _, c := range [...]float64{v, math.Nextafter(v, math.Inf(1)), math.Nextafter(v, 0)} {
		if withinHalfUlp(m, k, c) {
			return c, true
		}
	}
	return 0, false
}

// withinHalfUlp reports whether v = f*2^e is strictly within half an ulp of
// m/10^k: |m/10^k - f*2^e| < 2^(e-1), that is |m*2^(1-e) - 2*f*10^k| < 10^k.
// It answers false when it cannot tell: at a power of two (the ulp below is
// half the ulp above) and when m*2^(1-e) does not fit in 128 bits.
func withinHalfUlp(m uint64, k int, v float64) bool {
	frac, exp := math.Frexp(v)
	f := uint64(frac * (1 << 53)) // v = f * 2^(exp-53), f in [2^52, 2^53)
	shift := 1 - (exp - 53)       // 1 - e
	if f == 1<<52 || shift < 1 || shift > 63 {
		return false
	}
	lhsHi, lhsLo := m>>(64-shift), m<<shift // m * 2^(1-e)
	rhsHi, rhsLo := bits.Mul64(2*f, pow10u[k])
	if lhsHi < rhsHi || lhsHi == rhsHi && lhsLo < rhsLo {
		lhsHi, lhsLo, rhsHi, rhsLo = rhsHi, rhsLo, lhsHi, lhsLo
	}
	dLo, borrow := bits.Sub64(lhsLo, rhsLo, 0)
	dHi, _ := bits.Sub64(lhsHi, rhsHi, borrow)
	return dHi == 0 && dLo < pow10u[k]
}
