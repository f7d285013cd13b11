package workflows

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

// Payloads that running workflows already hold were first recorded with
// Go's default field names; their explicit tags must keep those names.
func TestRecordedPayloadNames(t *testing.T) {
	at := time.Date(2026, 3, 9, 13, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		v    any
		want string
	}{
		{"schedule window side effect", scheduledWindow{From: at, To: at.Add(time.Hour), Err: "x"},
			`{"From":"2026-03-09T13:00:00Z","To":"2026-03-09T14:00:00Z","Err":"x"}`},
		{"policy filter in CapacityReading", Policy{Filter: capacity.NamespaceFilter{Allow: []string{"payments*"}}, MaxTRUs: 12},
			`{"filter":{"Allow":["payments*"],"Deny":null},"maxTrus":12,"maxDuration":0,"remindBefore":0,"dryRun":false}`},
	}
	for _, tc := range tests {
		b, err := json.Marshal(tc.v)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if string(b) != tc.want {
			t.Errorf("%s: JSON = %s, want %s", tc.name, b, tc.want)
		}
	}
}
