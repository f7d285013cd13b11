package clients

import "testing"

func TestCapacityString(t *testing.T) {
	tests := []struct {
		in   Capacity
		want string
	}{
		{OnDemand(), "on-demand"},
		{Provisioned(1), "1 TRU"},
		{Provisioned(4), "4 TRUs"},
		{Provisioned(2.5), "2.5 TRUs"},
		{Capacity{Mode: ModeUnknown}, "unknown"},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}
