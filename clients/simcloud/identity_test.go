package simcloud

import (
	"strings"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	identityv1 "go.temporal.io/cloud-sdk/api/identity/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/capacitybot/capacitybot/clients"
)

func TestParseKeyIdentity(t *testing.T) {
	tests := []struct {
		name    string
		role    string
		access  []string
		expires time.Duration
		want    KeyIdentity
		wantErr string
	}{
		{name: "defaults", want: KeyIdentity{AccountRole: identityv1.AccountAccess_ROLE_ADMIN,
			Namespaces: map[string]identityv1.NamespaceAccess_Permission{}}},
		{name: "developer with accesses", role: "Developer", access: []string{"payments=admin", " orders-prod = read"}, expires: time.Hour,
			want: KeyIdentity{AccountRole: identityv1.AccountAccess_ROLE_DEVELOPER, ExpiresIn: time.Hour,
				Namespaces: map[string]identityv1.NamespaceAccess_Permission{
					"payments": identityv1.NamespaceAccess_PERMISSION_ADMIN, "orders-prod": identityv1.NamespaceAccess_PERMISSION_READ}}},
		{name: "unknown role", role: "boss", wantErr: `role "boss" is not one of admin, developer`},
		{name: "bad access", access: []string{"payments"}, wantErr: `"payments" is not namespace=admin|read|write`},
		{name: "unknown permission", access: []string{"payments=owner"}, wantErr: "is not namespace="},
		{name: "negative expiry", expires: -time.Second, wantErr: "must not be negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseKeyIdentity(tt.role, tt.access, tt.expires)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.AccountRole != tt.want.AccountRole || got.ExpiresIn != tt.want.ExpiresIn || len(got.Namespaces) != len(tt.want.Namespaces) {
				t.Fatalf("got %+v, want %+v", got, tt.want)
			}
			for ns, p := range tt.want.Namespaces {
				if got.Namespaces[ns] != p {
					t.Errorf("namespace %s: %v, want %v", ns, got.Namespaces[ns], p)
				}
			}
		})
	}
}

// The simulated key's identity is reported as the real service reports a
// service account's key, and a change it may not make is refused.
func TestKeyIdentityReportedAndEnforced(t *testing.T) {
	key := KeyIdentity{AccountRole: identityv1.AccountAccess_ROLE_DEVELOPER, ExpiresIn: 48 * time.Hour,
		Namespaces: map[string]identityv1.NamespaceAccess_Permission{
			"payments":           identityv1.NamespaceAccess_PERMISSION_ADMIN,
			"orders-prod.demo42": identityv1.NamespaceAccess_PERMISSION_WRITE,
		}}
	c, _ := startCloud(t, DemoAccount(), Options{Identity: key})
	cl := rawClient(t, c)
	ctx := callCtx(t)

	resp, err := cl.GetCurrentIdentity(ctx, &cloudservice.GetCurrentIdentityRequest{})
	if err != nil {
		t.Fatalf("GetCurrentIdentity: %v", err)
	}
	sa := resp.GetServiceAccount()
	if sa == nil || sa.GetId() != simServiceAccountID {
		t.Fatalf("principal = %v, want the service account", resp.GetPrincipal())
	}
	access := sa.GetSpec().GetAccess()
	if got := access.GetAccountAccess().GetRole(); got != identityv1.AccountAccess_ROLE_DEVELOPER {
		t.Errorf("account role %v, want developer", got)
	}
	ns := access.GetNamespaceAccesses()
	if len(ns) != 2 || ns[payments].GetPermission() != identityv1.NamespaceAccess_PERMISSION_ADMIN ||
		ns["orders-prod.demo42"].GetPermission() != identityv1.NamespaceAccess_PERMISSION_WRITE {
		t.Errorf("namespace accesses %v, want admin on %s and write on orders-prod.demo42, keyed by ID", ns, payments)
	}
	if got, want := resp.GetPrincipalApiKey().GetSpec().GetExpiryTime().AsTime(), clockStart.Add(48*time.Hour); !got.Equal(want) {
		t.Errorf("key expiry %v, want %v", got, want)
	}

	if _, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(4), "op-allowed", nil)); err != nil {
		t.Errorf("update with Namespace Admin: %v", err)
	}
	_, err = cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, "orders-prod.demo42", clients.Provisioned(4), "op-refused", nil))
	if status.Code(err) != codes.PermissionDenied || !strings.Contains(err.Error(), "no Namespace Admin permission on namespace orders-prod.demo42") {
		t.Errorf("update with Write only: %v, want PermissionDenied naming the namespace", err)
	}
}
