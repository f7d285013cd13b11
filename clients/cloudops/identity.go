package cloudops

import (
	"context"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	identityv1 "go.temporal.io/cloud-sdk/api/identity/v1"
	"google.golang.org/grpc"

	"github.com/capacitybot/capacitybot/clients"
)

// CurrentIdentity asks the service whose key this client calls with, its
// roles and the key's expiry (GetCurrentIdentity), so that `capacitybot
// check` can say what the key may change before anything is changed.
func (c *Client) CurrentIdentity(ctx context.Context) (clients.Identity, error) {
	var resp *cloudservice.GetCurrentIdentityResponse
	err := c.invoke(ctx, "GetCurrentIdentity", "", func(ctx context.Context, opts ...grpc.CallOption) error {
		var err error
		resp, err = c.svc.GetCurrentIdentity(ctx, &cloudservice.GetCurrentIdentityRequest{}, opts...)
		return err
	})
	if err != nil {
		return clients.Identity{}, err
	}
	return identityOf(resp), nil
}

// identityOf reads the principal (a user or a service account), its access
// and the key.
func identityOf(resp *cloudservice.GetCurrentIdentityResponse) clients.Identity {
	id := clients.Identity{Kind: clients.PrincipalUnknown, AccountRole: clients.RoleNone,
		Namespaces: map[string]clients.NamespacePermission{}}
	var access *identityv1.Access
	switch {
	case resp.GetUser() != nil:
		u := resp.GetUser()
		id.Kind, id.ID, id.Name = clients.PrincipalUser, u.GetId(), u.GetSpec().GetEmail()
		access = u.GetSpec().GetAccess()
	case resp.GetServiceAccount() != nil:
		sa := resp.GetServiceAccount()
		id.Kind, id.ID, id.Name = clients.PrincipalServiceAccount, sa.GetId(), sa.GetSpec().GetName()
		access = sa.GetSpec().GetAccess()
		// A namespace-scoped service account has access to one namespace
		// only, given outside Access.
		if scoped := sa.GetSpec().GetNamespaceScopedAccess(); scoped != nil {
			if p, ok := namespacePermission(scoped.GetAccess().GetPermission()); ok {
				id.Namespaces[scoped.GetNamespace()] = p
			}
		}
	}
	id.AccountRole = accountRole(access.GetAccountAccess().GetRole())
	for ns, a := range access.GetNamespaceAccesses() {
		if p, ok := namespacePermission(a.GetPermission()); ok {
			id.Namespaces[ns] = p
		}
	}
	if k := resp.GetPrincipalApiKey(); k != nil {
		id.KeyID, id.KeyDisabled = k.GetId(), k.GetSpec().GetDisabled()
		if t := k.GetSpec().GetExpiryTime(); t != nil {
			id.KeyExpiry = t.AsTime()
		}
	}
	return id
}

func accountRole(r identityv1.AccountAccess_Role) clients.AccountRole {
	switch r {
	case identityv1.AccountAccess_ROLE_OWNER:
		return clients.RoleOwner
	case identityv1.AccountAccess_ROLE_ADMIN:
		return clients.RoleGlobalAdmin
	case identityv1.AccountAccess_ROLE_DEVELOPER:
		return clients.RoleDeveloper
	case identityv1.AccountAccess_ROLE_FINANCE_ADMIN:
		return clients.RoleFinance
	case identityv1.AccountAccess_ROLE_READ:
		return clients.RoleRead
	case identityv1.AccountAccess_ROLE_METRICS_READ:
		return clients.RoleMetricsRead
	}
	return clients.RoleNone
}

func namespacePermission(p identityv1.NamespaceAccess_Permission) (clients.NamespacePermission, bool) {
	switch p {
	case identityv1.NamespaceAccess_PERMISSION_ADMIN:
		return clients.NamespaceAdmin, true
	case identityv1.NamespaceAccess_PERMISSION_WRITE:
		return clients.NamespaceWrite, true
	case identityv1.NamespaceAccess_PERMISSION_READ:
		return clients.NamespaceRead, true
	}
	return "", false
}
