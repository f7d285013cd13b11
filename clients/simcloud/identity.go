package simcloud

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	identityv1 "go.temporal.io/cloud-sdk/api/identity/v1"
	resourcev1 "go.temporal.io/cloud-sdk/api/resource/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// KeyIdentity is who the simulated Cloud Ops key belongs to: a service
// account with an account role and per-namespace permissions, and the key's
// expiry. GetCurrentIdentity reports it and UpdateNamespace enforces it, so
// that a key lacking Namespace Admin can be simulated end to end. The zero
// value is a Global Admin key that never expires.
type KeyIdentity struct {
	// AccountRole defaults to ROLE_ADMIN (Global Admin).
	AccountRole identityv1.AccountAccess_Role
	// Namespaces maps a namespace name or ID to the key's permission on it.
	Namespaces map[string]identityv1.NamespaceAccess_Permission
	// ExpiresIn is how long after the cloud's start the key expires; 0 =
	// never.
	ExpiresIn time.Duration
}

// Service account and key IDs the simulated identity reports.
const (
	simServiceAccountID   = "sa-capacitybot-sim"
	simServiceAccountName = "capacitybot (simulated)"
	simAPIKeyID           = "key-capacitybot-sim"
)

// keyRoles are the SIM_KEY_ROLE words and the account roles they stand for.
var keyRoles = map[string]identityv1.AccountAccess_Role{
	"owner":        identityv1.AccountAccess_ROLE_OWNER,
	"admin":        identityv1.AccountAccess_ROLE_ADMIN,
	"developer":    identityv1.AccountAccess_ROLE_DEVELOPER,
	"finance":      identityv1.AccountAccess_ROLE_FINANCE_ADMIN,
	"read":         identityv1.AccountAccess_ROLE_READ,
	"metrics-read": identityv1.AccountAccess_ROLE_METRICS_READ,
}

// keyPermissions are the SIM_KEY_NAMESPACE_ACCESS words.
var keyPermissions = map[string]identityv1.NamespaceAccess_Permission{
	"admin": identityv1.NamespaceAccess_PERMISSION_ADMIN,
	"write": identityv1.NamespaceAccess_PERMISSION_WRITE,
	"read":  identityv1.NamespaceAccess_PERMISSION_READ,
}

// ParseKeyIdentity reads the simulated key's settings: role is one of owner,
// admin, developer, finance, read, metrics-read ("" = admin); access entries
// are namespace=admin|write|read; expiresIn 0 means never.
func ParseKeyIdentity(role string, access []string, expiresIn time.Duration) (KeyIdentity, error) {
	k := KeyIdentity{ExpiresIn: expiresIn, Namespaces: map[string]identityv1.NamespaceAccess_Permission{}}
	if role == "" {
		role = "admin"
	}
	r, ok := keyRoles[strings.ToLower(role)]
	if !ok {
		return KeyIdentity{}, fmt.Errorf("role %q is not one of %s", role, strings.Join(sortedKeys(keyRoles), ", "))
	}
	k.AccountRole = r
	for _, a := range access {
		ns, perm, found := strings.Cut(a, "=")
		p, ok := keyPermissions[strings.ToLower(strings.TrimSpace(perm))]
		if !found || strings.TrimSpace(ns) == "" || !ok {
			return KeyIdentity{}, fmt.Errorf("namespace access %q is not namespace=%s", a, strings.Join(sortedKeys(keyPermissions), "|"))
		}
		k.Namespaces[strings.TrimSpace(ns)] = p
	}
	if expiresIn < 0 {
		return KeyIdentity{}, fmt.Errorf("key expiry %s must not be negative", expiresIn)
	}
	return k, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// role is the account role, Global Admin when unset.
func (k KeyIdentity) role() identityv1.AccountAccess_Role {
	if k.AccountRole == identityv1.AccountAccess_ROLE_UNSPECIFIED {
		return identityv1.AccountAccess_ROLE_ADMIN
	}
	return k.AccountRole
}

// permission is the key's permission on a namespace ID, looked up by ID or
// bare name.
func (k KeyIdentity) permission(id, name string) identityv1.NamespaceAccess_Permission {
	if p, ok := k.Namespaces[id]; ok {
		return p
	}
	return k.Namespaces[name]
}

// mayChangeCapacity applies the documented rule: Global Admin (or the
// owner) anywhere, Namespace Admin on the namespace.
func (k KeyIdentity) mayChangeCapacity(id, name string) bool {
	switch k.role() {
	case identityv1.AccountAccess_ROLE_OWNER, identityv1.AccountAccess_ROLE_ADMIN:
		return true
	}
	return k.permission(id, name) == identityv1.NamespaceAccess_PERMISSION_ADMIN
}

// GetCurrentIdentity answers as the real service does for a service
// account's API key: the service account, its access keyed by namespace ID,
// and the key with its expiry.
func (s *service) GetCurrentIdentity(context.Context, *cloudservice.GetCurrentIdentityRequest) (*cloudservice.GetCurrentIdentityResponse, error) {
	c := s.c
	k := c.opts.Identity
	c.mu.Lock()
	access := &identityv1.Access{
		AccountAccess:     &identityv1.AccountAccess{Role: k.role()},
		NamespaceAccesses: map[string]*identityv1.NamespaceAccess{},
	}
	for _, id := range c.order {
		if p := k.permission(id, c.namespaces[id].cfg.name()); p != identityv1.NamespaceAccess_PERMISSION_UNSPECIFIED {
			access.NamespaceAccesses[id] = &identityv1.NamespaceAccess{Permission: p}
		}
	}
	c.mu.Unlock()
	created := c.started.Add(-30 * 24 * time.Hour)
	key := &identityv1.ApiKey{
		Id: simAPIKeyID, ResourceVersion: "rv-1", State: resourcev1.ResourceState_RESOURCE_STATE_ACTIVE,
		CreatedTime: timestamppb.New(created),
		Spec: &identityv1.ApiKeySpec{OwnerId: simServiceAccountID, OwnerType: identityv1.OwnerType_OWNER_TYPE_SERVICE_ACCOUNT,
			DisplayName: "capacitybot"},
	}
	if k.ExpiresIn > 0 {
		key.Spec.ExpiryTime = timestamppb.New(c.started.Add(k.ExpiresIn))
	}
	return &cloudservice.GetCurrentIdentityResponse{
		Principal: &cloudservice.GetCurrentIdentityResponse_ServiceAccount{ServiceAccount: &identityv1.ServiceAccount{
			Id: simServiceAccountID, ResourceVersion: "rv-1", State: resourcev1.ResourceState_RESOURCE_STATE_ACTIVE,
			Spec:        &identityv1.ServiceAccountSpec{Name: simServiceAccountName, Access: access},
			CreatedTime: timestamppb.New(created),
		}},
		PrincipalApiKey: key,
	}, nil
}

// checkMayChange refuses a capacity change the key may not make, with the
// gRPC code the real service is assumed to use (PermissionDenied).
func (c *Cloud) checkMayChange(st *nsState) error {
	if c.opts.Identity.mayChangeCapacity(st.cfg.ID, st.cfg.name()) {
		return nil
	}
	return status.Errorf(codes.PermissionDenied,
		"service account %s has no Namespace Admin permission on namespace %s", simServiceAccountName, st.cfg.ID)
}
