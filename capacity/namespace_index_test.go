package capacity

import (
	"slices"
	"testing"
)

func TestNamespaceIndexResolve(t *testing.T) {
	x := NewNamespaceIndex([]string{"payments.acct1", "orders.acct1", "dup.a", "dup.b", "solo"})
	tests := []struct {
		in         string
		wantID     string
		wantForm   NameForm
		wantFound  bool
		candidates []string
	}{
		{"payments.acct1", "payments.acct1", FormID, true, nil},
		{"payments", "payments.acct1", FormName, true, nil},
		{"solo", "solo", FormID, true, nil},
		{"payments.acct2", "", "", false, nil},
		{"unknown", "", "", false, nil},
		{"dup", "", "", false, []string{"dup.a", "dup.b"}},
		{"", "", "", false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			id, form, found, cands := x.Resolve(tc.in)
			if id != tc.wantID || form != tc.wantForm || found != tc.wantFound || !slices.Equal(cands, tc.candidates) {
				t.Errorf("Resolve(%q) = %q, %q, %v, %v; want %q, %q, %v, %v", tc.in, id, form, found, cands,
					tc.wantID, tc.wantForm, tc.wantFound, tc.candidates)
			}
		})
	}
}
