package clients

import (
	"slices"
	"testing"
)

func TestResolveUsage(t *testing.T) {
	ids := []string{"payments.acct1", "orders.acct1", "dup.a", "dup.b"}
	tests := []struct {
		name     string
		labels   map[string]float64 // label value → APS
		want     map[string]float64 // namespace ID → APS
		unmapped []string
		form     string
	}{
		{"bare names", map[string]float64{"payments": 1, "orders": 2}, map[string]float64{"payments.acct1": 1, "orders.acct1": 2}, nil, "name"},
		{"namespace IDs", map[string]float64{"payments.acct1": 1, "orders.acct1": 2}, map[string]float64{"payments.acct1": 1, "orders.acct1": 2}, nil, "id"},
		{"unknown and ambiguous", map[string]float64{"payments": 1, "ghost": 3, "dup": 4, "x.acct9": 5},
			map[string]float64{"payments.acct1": 1}, []string{"dup", "ghost", "x.acct9"}, "name"},
		{"both forms of one namespace keep the ID", map[string]float64{"payments": 1, "payments.acct1": 7},
			map[string]float64{"payments.acct1": 7}, nil, "mixed"},
		{"nothing", map[string]float64{}, map[string]float64{}, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			snap := UsageSnapshot{Namespaces: map[string]NamespaceUsage{}, Completeness: "complete"}
			for l, aps := range tc.labels {
				snap.Namespaces[l] = NamespaceUsage{Namespace: l, ActionsPerSecond: aps}
			}
			got, res := ResolveUsage(snap, ids)
			if len(got.Namespaces) != len(tc.want) {
				t.Fatalf("got %v, want %v", got.Namespaces, tc.want)
			}
			for id, aps := range tc.want {
				u, ok := got.Namespaces[id]
				if !ok || u.ActionsPerSecond != aps || u.Namespace != id || u.Label == "" {
					t.Errorf("%s: got %+v (found %v), want APS %v", id, u, ok, aps)
				}
			}
			if !slices.Equal(res.Unmapped, tc.unmapped) {
				t.Errorf("unmapped %v, want %v", res.Unmapped, tc.unmapped)
			}
			if res.Form() != tc.form {
				t.Errorf("form %q, want %q", res.Form(), tc.form)
			}
			if got.Completeness != "complete" {
				t.Errorf("completeness lost: %q", got.Completeness)
			}
		})
	}
}
