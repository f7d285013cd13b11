package bot

import (
	"testing"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestRecommendationWords(t *testing.T) {
	tests := []struct {
		action workflows.Action
		rec    clients.Capacity
		want   string
	}{
		{workflows.ActionKeep, clients.Provisioned(4), "keep"},
		{workflows.ActionSwitchProvision, clients.Provisioned(2), "provision 2 TRUs"},
		{workflows.ActionSwitchOnDemand, clients.OnDemand(), "switch to on-demand"},
		{workflows.ActionAdd, clients.Provisioned(8), "add → 8 TRUs"},
		{workflows.ActionReduce, clients.Provisioned(2), "reduce → 2 TRUs"},
		{workflows.ActionUnknown, clients.Capacity{}, "unknown"},
	}
	for _, tt := range tests {
		t.Run(string(tt.action), func(t *testing.T) {
			if got := RecommendationWords(workflows.ReportRow{Action: tt.action, Recommended: tt.rec}); got != tt.want {
				t.Errorf("RecommendationWords(%s) = %q, want %q", tt.action, got, tt.want)
			}
		})
	}
}
