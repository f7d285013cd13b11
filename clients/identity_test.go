package clients

import (
	"reflect"
	"testing"
)

func TestIdentityCannotChange(t *testing.T) {
	ns := []string{"c.acct", "a.acct", "b.acct"}
	tests := []struct {
		name string
		id   Identity
		want []string
	}{
		{name: "owner", id: Identity{AccountRole: RoleOwner}},
		{name: "global admin", id: Identity{AccountRole: RoleGlobalAdmin}},
		{name: "developer with namespace admin on one, write on another", id: Identity{AccountRole: RoleDeveloper,
			Namespaces: map[string]NamespacePermission{"a.acct": NamespaceAdmin, "b.acct": NamespaceWrite}}, want: []string{"b.acct", "c.acct"}},
		{name: "metrics read", id: Identity{AccountRole: RoleMetricsRead}, want: []string{"a.acct", "b.acct", "c.acct"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.id.CannotChange(ns); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CannotChange = %v, want %v", got, tt.want)
			}
		})
	}
}
