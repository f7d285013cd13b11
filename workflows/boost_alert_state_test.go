package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// TestBoostFailureAlertStatesTheCapacity: the alert of a failed boost says
// where the namespace stands, so its reader knows whether anything was left
// changed without opening the thread.
func TestBoostFailureAlertStatesTheCapacity(t *testing.T) {
	cases := []struct {
		name    string
		outcome func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity)
		want    string
	}{
		{name: "operation failed, nothing changed",
			outcome: func(int, clients.Capacity) (clients.OperationState, clients.Capacity) {
				return clients.OpFailed, clients.OnDemand()
			},
			want: "is still at on-demand; nothing was changed"},
		{name: "landed at the wrong value",
			outcome: func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity) {
				if n == 1 {
					return clients.OpFulfilled, clients.Provisioned(2)
				}
				return clients.OpFulfilled, target
			},
			want: "last seen at 2 TRUs"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
			h.cloud.outcome = tc.outcome
			h.run(boostTestRequest(4, 2*time.Hour))
			_, alerts, _, _, _ := h.chat.snapshot()
			if len(alerts) != 1 || !strings.Contains(alerts[0].Text, tc.want) {
				t.Errorf("alerts %+v, want one saying %q", alerts, tc.want)
			}
		})
	}
}
