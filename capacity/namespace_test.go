package capacity

import (
	"encoding/json"
	"testing"
)

func TestMatchNamespace(t *testing.T) {
	tests := []struct {
		glob, ns string
		want     bool
	}{
		{"payments.acct1", "payments.acct1", true},
		{"payments", "payments.acct1", true},
		{"pay*", "payments.acct1", true},
		{"*.acct1", "payments.acct1", true},
		{"*.acct2", "payments.acct1", false},
		{"acct1", "payments.acct1", false},
		{"payments", "payments", true},
		{"a.b", "a.b.c", false}, // the bare name is before the first dot
		{"a", "a.b.c", true},
		{"[", "payments.acct1", false}, // invalid glob matches nothing
		{"*", "", true},
	}
	for _, tc := range tests {
		if got := MatchNamespace(tc.glob, tc.ns); got != tc.want {
			t.Errorf("MatchNamespace(%q, %q) = %v, want %v", tc.glob, tc.ns, got, tc.want)
		}
	}
}

func TestBareName(t *testing.T) {
	for in, want := range map[string]string{"payments.acct1": "payments", "a.b.c": "a", "solo": "solo", "": ""} {
		if got := BareName(in); got != want {
			t.Errorf("BareName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckGlob(t *testing.T) {
	for glob, wantErr := range map[string]bool{"pay*": false, "a.b": false, "[": true, "[a-": true} {
		if err := CheckGlob(glob); (err != nil) != wantErr {
			t.Errorf("CheckGlob(%q) = %v, want error %v", glob, err, wantErr)
		}
	}
}

func TestNamespaceFilterAllowed(t *testing.T) {
	tests := []struct {
		name string
		f    NamespaceFilter
		ns   string
		want bool
	}{
		{"empty allows all", NamespaceFilter{}, "x.acct", true},
		{"allowed by bare name", NamespaceFilter{Allow: []string{"pay*"}}, "payments.acct", true},
		{"not in allow list", NamespaceFilter{Allow: []string{"pay*"}}, "orders.acct", false},
		{"deny wins", NamespaceFilter{Allow: []string{"*"}, Deny: []string{"prod-*"}}, "prod-a.acct", false},
		{"deny by ID", NamespaceFilter{Deny: []string{"*.acct9"}}, "a.acct9", false},
		{"deny other", NamespaceFilter{Deny: []string{"*.acct9"}}, "a.acct1", true},
	}
	for _, tc := range tests {
		if got := tc.f.Allowed(tc.ns); got != tc.want {
			t.Errorf("%s: Allowed(%q) = %v, want %v", tc.name, tc.ns, got, tc.want)
		}
	}
}

// The filter is part of recorded workflow payloads (CapacityReading.Policy):
// its JSON must stay what it was when it had no tags.
func TestNamespaceFilterJSON(t *testing.T) {
	b, err := json.Marshal(NamespaceFilter{Allow: []string{"payments*"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"Allow":["payments*"],"Deny":null}`; got != want {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}
