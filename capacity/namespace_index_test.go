package capacity

import (
	"errors"
	"slices"
	"strings"
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

func TestNamespaceIndexFind(t *testing.T) {
	x := NewNamespaceIndex([]string{"payments.acct1", "dup.a", "dup.b"})
	if id, err := x.Find("payments"); id != "payments.acct1" || err != nil {
		t.Errorf("Find(payments) = %q, %v", id, err)
	}
	for v, want := range map[string]string{"ghost": "there is no namespace ghost", "dup": "dup could be any of dup.a, dup.b"} {
		_, err := x.Find(v)
		var unknown *UnknownNamespaceError
		if !errors.As(err, &unknown) || unknown.Value != v || !strings.Contains(err.Error(), want) {
			t.Errorf("Find(%q) error %v, want an UnknownNamespaceError saying %q", v, err, want)
		}
	}
}
