package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

// TestBoostRefusesForgedFormValues: the modal's values can be forged, so
// Boost holds them to the one-line command's limits and the policy's. Before, a start in the
// year 9999 started a boost that would wait for millennia holding the
// namespace's workflow ID, and a 100,000-character namespace was echoed back
// whole in the refusal.
func TestBoostRefusesForgedFormValues(t *testing.T) {
	cases := []struct {
		name  string
		req   workflows.BoostRequest
		field string
		want  string
	}{
		{name: "start in the year 9999", field: workflows.FieldStart, want: "A boost may start at most 31d ahead",
			req: workflows.BoostRequest{Namespace: "payments", TRUs: 4, Start: time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC),
				End: time.Date(9999, 12, 31, 1, 0, 0, 0, time.UTC)}},
		{name: "start just past the window", field: workflows.FieldStart, want: "A boost may start at most 31d ahead",
			req: workflows.BoostRequest{Namespace: "payments", TRUs: 4, Start: handlerNow.Add(31*24*time.Hour + time.Minute),
				End: handlerNow.Add(32 * 24 * time.Hour)}},
		{name: "flood as namespace", field: workflows.FieldNamespace, want: "is not a namespace",
			req: workflows.BoostRequest{Namespace: strings.Repeat("n", 100_000), TRUs: 4}},
		{name: "markup as namespace", field: workflows.FieldNamespace, want: "is not a namespace",
			req: workflows.BoostRequest{Namespace: "<!channel>", TRUs: 4}},
		{name: "glob as namespace", field: workflows.FieldNamespace, want: "is not a namespace",
			req: workflows.BoostRequest{Namespace: "*", TRUs: 4}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			_, err := f.h.Boost(context.Background(), boss, tc.req)
			var refusal *workflows.RefusalError
			if !errors.As(err, &refusal) || refusal.Field != tc.field || !strings.Contains(refusal.Message, tc.want) {
				t.Fatalf("error %v, want a refusal of %s saying %q", err, tc.field, tc.want)
			}
			if len(refusal.Message) > 300 {
				t.Errorf("refusal is %d bytes long", len(refusal.Message))
			}
			if f.engine.Changed() {
				t.Error("a refused form reached the engine")
			}
		})
	}
}
