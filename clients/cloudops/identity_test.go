package cloudops

import (
	"reflect"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	identityv1 "go.temporal.io/cloud-sdk/api/identity/v1"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/capacitybot/capacitybot/clients"
)

func TestIdentityOf(t *testing.T) {
	expiry := time.Date(2027, 1, 2, 3, 4, 5, 0, time.UTC)
	access := func(role identityv1.AccountAccess_Role, ns map[string]identityv1.NamespaceAccess_Permission) *identityv1.Access {
		a := &identityv1.Access{AccountAccess: &identityv1.AccountAccess{Role: role}, NamespaceAccesses: map[string]*identityv1.NamespaceAccess{}}
		for k, p := range ns {
			a.NamespaceAccesses[k] = &identityv1.NamespaceAccess{Permission: p}
		}
		return a
	}
	tests := []struct {
		name string
		resp *cloudservice.GetCurrentIdentityResponse
		want clients.Identity
	}{
		{name: "user with namespace admin and a key that expires",
			resp: &cloudservice.GetCurrentIdentityResponse{
				Principal: &cloudservice.GetCurrentIdentityResponse_User{User: &identityv1.User{Id: "u1", Spec: &identityv1.UserSpec{
					Email: "a@b.c", Access: access(identityv1.AccountAccess_ROLE_DEVELOPER, map[string]identityv1.NamespaceAccess_Permission{
						"payments.acct": identityv1.NamespaceAccess_PERMISSION_ADMIN, "orders.acct": identityv1.NamespaceAccess_PERMISSION_READ})}}},
				PrincipalApiKey: &identityv1.ApiKey{Id: "k1", Spec: &identityv1.ApiKeySpec{ExpiryTime: timestamppb.New(expiry)}},
			},
			want: clients.Identity{Kind: clients.PrincipalUser, ID: "u1", Name: "a@b.c", AccountRole: clients.RoleDeveloper,
				Namespaces: map[string]clients.NamespacePermission{"payments.acct": clients.NamespaceAdmin, "orders.acct": clients.NamespaceRead},
				KeyID:      "k1", KeyExpiry: expiry}},
		{name: "namespace-scoped service account, disabled key",
			resp: &cloudservice.GetCurrentIdentityResponse{
				Principal: &cloudservice.GetCurrentIdentityResponse_ServiceAccount{ServiceAccount: &identityv1.ServiceAccount{Id: "sa1",
					Spec: &identityv1.ServiceAccountSpec{Name: "bot", NamespaceScopedAccess: &identityv1.NamespaceScopedAccess{
						Namespace: "payments.acct", Access: &identityv1.NamespaceAccess{Permission: identityv1.NamespaceAccess_PERMISSION_WRITE}}}}},
				PrincipalApiKey: &identityv1.ApiKey{Id: "k2", Spec: &identityv1.ApiKeySpec{Disabled: true}},
			},
			want: clients.Identity{Kind: clients.PrincipalServiceAccount, ID: "sa1", Name: "bot", AccountRole: clients.RoleNone,
				Namespaces: map[string]clients.NamespacePermission{"payments.acct": clients.NamespaceWrite}, KeyID: "k2", KeyDisabled: true}},
		{name: "global admin service account, no key info",
			resp: &cloudservice.GetCurrentIdentityResponse{
				Principal: &cloudservice.GetCurrentIdentityResponse_ServiceAccount{ServiceAccount: &identityv1.ServiceAccount{Id: "sa2",
					Spec: &identityv1.ServiceAccountSpec{Name: "ops", Access: access(identityv1.AccountAccess_ROLE_ADMIN, nil)}}}},
			want: clients.Identity{Kind: clients.PrincipalServiceAccount, ID: "sa2", Name: "ops", AccountRole: clients.RoleGlobalAdmin,
				Namespaces: map[string]clients.NamespacePermission{}}},
		{name: "no principal", resp: &cloudservice.GetCurrentIdentityResponse{},
			want: clients.Identity{Kind: clients.PrincipalUnknown, AccountRole: clients.RoleNone, Namespaces: map[string]clients.NamespacePermission{}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := identityOf(tt.resp); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("identityOf =\n%+v\nwant\n%+v", got, tt.want)
			}
		})
	}
}

func TestCapacityFieldsVisible(t *testing.T) {
	for v, want := range map[string]bool{
		"v0.10.0": true, "v0.26.0": true, "v1.0.0": true, "v0.10.1": true,
		"v0.9.9": false, "v0.3.0": false, "0.26.0": false, "": false, "2025-07-09-00": false,
	} {
		if got := CapacityFieldsVisible(v); got != want {
			t.Errorf("CapacityFieldsVisible(%q) = %v, want %v", v, got, want)
		}
	}
}
