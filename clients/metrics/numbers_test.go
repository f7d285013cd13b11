package metrics

import (
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestParseValueMatchesStrconv checks the decimal fast paths bit for bit
// against strconv.ParseFloat, on hand-picked values and on random decimals
// of 1 to 20 digits with the point anywhere, which is where the long-mantissa
// path (16 to 19 digits) could round differently.
func TestParseValueMatchesStrconv(t *testing.T) {
	cases := []string{
		"0", "1", "12.5", "142.85714285714286", "0.1", "0.30000000000000004",
		"9007199254740993", "9007199254740992", "18446744073709551615", "1844674407370955161.5",
		"4503599627370496.5", "0.0000000000000001234", "1234567890123456789", "99999999999999999.99",
		"123456789012345678901", "1.5e-1", "NaN", "+Inf", "-3.25", "1e300",
	}
	// Decimals just below a power of two, where the ulp halves: a quarter
	// and three quarters of the way up from the float below it.
	for e := -9; e <= 62; e++ {
		top := math.Ldexp(1, e)
		below := math.Nextafter(top, 0)
		gap := new(big.Float).SetPrec(200).Sub(big.NewFloat(top), big.NewFloat(below))
		for _, part := range []float64{0.25, 0.75} {
			x := new(big.Float).SetPrec(200).Mul(gap, big.NewFloat(part))
			x.Add(x, big.NewFloat(below))
			cases = append(cases, x.Text('f', max(0, 18-len(x.Text('f', 0)))))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 300000 {
		n := 1 + rng.IntN(20)
		b := make([]byte, 0, n+1)
		for range n {
			b = append(b, byte('0'+rng.IntN(10)))
		}
		if p := rng.IntN(n + 1); p < n {
			b = append(b[:p], append([]byte{'.'}, b[p:]...)...)
		}
		cases = append(cases, string(b))
	}
	for _, c := range cases {
		want, werr := strconv.ParseFloat(c, 64)
		got, err := parseValue([]byte(c))
		if (err != nil) != (werr != nil) {
			t.Fatalf("parseValue(%q) error %v, strconv %v", c, err, werr)
		}
		if err == nil && math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("parseValue(%q) = %v (%x), strconv %v (%x)", c, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}

// TestCheckedQuotientCoverage guards the fast path's value: on typical
// 17-digit rates it must vouch for most results rather than defer to strconv.
func TestCheckedQuotientCoverage(t *testing.T) {
	accepted := 0
	for i := range 1000 {
		s := strconv.FormatFloat(float64(i+1)/7, 'f', -1, 64)
		if _, ok, _ := parsePlainDecimal([]byte(s)); ok {
			accepted++
		}
	}
	if accepted < 900 {
		t.Errorf("fast path took %d of 1000 values, want at least 900", accepted)
	}
}
