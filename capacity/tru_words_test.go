package capacity

import "testing"

func TestFormatTRUs(t *testing.T) {
	tests := []struct {
		n    float64
		want string
	}{
		{1, "1 TRU"}, {2, "2 TRUs"}, {2.5, "2.5 TRUs"}, {0, "0 TRUs"},
	}
	for _, tc := range tests {
		if got := FormatTRUs(tc.n); got != tc.want {
			t.Errorf("FormatTRUs(%v) = %q, want %q", tc.n, got, tc.want)
		}
	}
}
