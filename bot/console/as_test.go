package console

import (
	"context"
	"strings"
	"testing"
)

func TestActingAs(t *testing.T) {
	tests := []struct {
		line     string
		user     string
		rest     string
		isActing bool
	}{
		{"as bob /capacity approve payments", "bob", "approve payments", true},
		{"AS bob deny payments too big", "bob", "deny payments too big", true},
		{"as bob", "", "", false},
		{"assess payments", "", "", false},
		{"approve payments", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.line, func(t *testing.T) {
			user, rest, ok := actingAs(tc.line)
			if ok != tc.isActing || user != tc.user || rest != tc.rest {
				t.Errorf("actingAs(%q) = %q, %q, %v; want %q, %q, %v", tc.line, user, rest, ok, tc.user, tc.rest, tc.isActing)
			}
		})
	}
}

// "as" acts as another user on the simulated account only: bob may not
// boost, so his boost is refused as bob's; with real keys the line is
// refused before it runs.
func TestAsOnlyOnTheSimulatedAccount(t *testing.T) {
	for _, allow := range []bool{true, false} {
		c, eng, out := newTestConsole(t, "as bob boost payments 4 for 1h", false, true)
		c.o.AllowAs = allow
		if err := c.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		want := "may not change capacity" // bob's own refusal
		if !allow {
			want = "simulated account only"
		}
		if !strings.Contains(out.String(), want) || len(eng.boosts) != 0 {
			t.Errorf("allow=%v: output %q (want %q), boosts %d", allow, out.String(), want, len(eng.boosts))
		}
	}
}
