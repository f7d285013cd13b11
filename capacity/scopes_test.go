package capacity

import (
	"reflect"
	"testing"
)

func TestParseScopes(t *testing.T) {
	got, err := ParseScopes(" S0PAYMENTS = payments-*, orders-* ; U0ALICE=*;")
	if err != nil {
		t.Fatal(err)
	}
	want := Scopes{"S0PAYMENTS": {"payments-*", "orders-*"}, "U0ALICE": {"*"}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if s, err := ParseScopes(""); err != nil || len(s) != 0 {
		t.Fatalf("empty setting: %v, %v; want no scopes", s, err)
	}
}

func TestScopesAllows(t *testing.T) {
	s := Scopes{"S0PAY": {"payments-*"}, "U1": {"orders"}}
	tests := []struct {
		keys []string
		ns   string
		want bool
	}{
		{[]string{"U1"}, "orders.acct1", true},
		{[]string{"U1"}, "payments-eu", false},
		{[]string{"U1", "S0PAY"}, "payments-eu.acct1", true},
		{[]string{"U2"}, "", false},
		{[]string{"U2", "S0PAY"}, "", true},
	}
	for _, tt := range tests {
		if got := s.Allows(tt.keys, tt.ns); got != tt.want {
			t.Errorf("Allows(%v, %q) = %v, want %v", tt.keys, tt.ns, got, tt.want)
		}
	}
	if got := s.GroupIDs(); !reflect.DeepEqual(got, []string{"S0PAY"}) {
		t.Errorf("GroupIDs = %v", got)
	}
	for id, want := range map[string]bool{"S0PAY": true, "Sam": false, "U1": false, "S": false} {
		if IsGroupID(id) != want {
			t.Errorf("IsGroupID(%q) = %v", id, !want)
		}
	}
}
