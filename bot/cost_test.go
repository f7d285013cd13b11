package bot

import (
	"context"
	"strings"
	"testing"
)

func TestBoostReplyStatesTheCostFloor(t *testing.T) {
	tests := []struct {
		name  string
		price float64
		text  string
		want  string
	}{
		{"no price: the floor only", 0, "boost payments 4 for 2h", "Cost floor: 1.08M actions/h."},
		{"with a price: money per hour and for the boost", 50, "boost payments 4 for 2h", "Cost floor: 1.08M actions/h ≈ $54.00/h, ≈ $108.00 for this boost."},
		{"2 TRUs: one TRU beyond the first", 50, "boost payments 2 for 2h", "Cost floor: 360K actions/h ≈ $18.00/h, ≈ $36.00 for this boost."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *HandlerOptions) { o.Policy.ActionPricePerMillion = tt.price })
			r := f.h.Handle(context.Background(), boss, tt.text)
			if r.Refused || !strings.HasSuffix(r.Text, tt.want) {
				t.Fatalf("reply %q, want it to end with %q", r.Text, tt.want)
			}
		})
	}
}
