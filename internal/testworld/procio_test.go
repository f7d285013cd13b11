package testworld

import (
	"strings"
	"testing"
)

func TestTail(t *testing.T) {
	long := strings.Repeat("x", tailLineBytes+10)
	tests := []struct {
		name string
		in   string
		n    int
		want string
	}{
		{name: "fewer lines than n", in: "a\nb\n", n: 3, want: "a\nb"},
		{name: "the last n lines", in: "a\nb\nc\nd", n: 2, want: "c\nd"},
		{name: "long lines clipped", in: "a\n" + long, n: 1, want: Clip(long, tailLineBytes)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Tail(tt.in, tt.n); got != tt.want {
				t.Errorf("Tail(%q, %d) = %q, want %q", Clip(tt.in, 40), tt.n, Clip(got, 40), Clip(tt.want, 40))
			}
		})
	}
}
