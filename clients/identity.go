package clients

import (
	"sort"
	"time"
)

// PrincipalKind is who a Cloud Ops API key belongs to.
type PrincipalKind string

// Principal kinds, as GetCurrentIdentity tells them apart.
const (
	PrincipalServiceAccount PrincipalKind = "service account"
	PrincipalUser           PrincipalKind = "user"
	PrincipalUnknown        PrincipalKind = "unknown principal"
)

// AccountRole is a principal's account-wide role, in the Cloud UI's words.
type AccountRole string

// Account roles (identity.v1.AccountAccess.Role).
const (
	RoleOwner       AccountRole = "Account Owner"
	RoleGlobalAdmin AccountRole = "Global Admin"
	RoleDeveloper   AccountRole = "Developer"
	RoleFinance     AccountRole = "Finance Admin"
	RoleRead        AccountRole = "Read-Only"
	RoleMetricsRead AccountRole = "Metrics Read-Only"
	RoleNone        AccountRole = "none"
)

// NamespacePermission is a principal's permission on one namespace.
type NamespacePermission string

// Namespace permissions (identity.v1.NamespaceAccess.Permission).
const (
	NamespaceAdmin NamespacePermission = "Namespace Admin"
	NamespaceWrite NamespacePermission = "Write"
	NamespaceRead  NamespacePermission = "Read"
)

// Identity is what GetCurrentIdentity says about the key a client calls with:
// whose it is, its roles, and the key's own expiry.
type Identity struct {
	Kind PrincipalKind
	// ID is the user's or service account's ID; Name its email or name.
	ID, Name    string
	AccountRole AccountRole
	// Namespaces maps a namespace ID (name.account) to the permission the
	// principal holds on it.
	Namespaces map[string]NamespacePermission
	// KeyID, KeyExpiry and KeyDisabled describe the API key itself, when the
	// response carries it; KeyExpiry is zero when the key never expires or
	// the API did not say.
	KeyID       string
	KeyExpiry   time.Time
	KeyDisabled bool
}

// CanChangeCapacity reports whether the identity may change a namespace's
// capacity. "Capacity modes can be set and adjusted by Global Admin and
// Namespace Admin" (docs/cloud/capacity-modes.mdx); the account owner has
// every right a Global Admin has.
func (id Identity) CanChangeCapacity(namespace string) bool {
	if id.AccountRole == RoleOwner || id.AccountRole == RoleGlobalAdmin {
		return true
	}
	return id.Namespaces[namespace] == NamespaceAdmin
}

// CannotChange lists, sorted, the namespaces among ids whose capacity the
// identity may not change.
func (id Identity) CannotChange(ids []string) []string {
	var out []string
	for _, ns := range ids {
		if !id.CanChangeCapacity(ns) {
			out = append(out, ns)
		}
	}
	sort.Strings(out)
	return out
}
