package config

import "github.com/capacitybot/capacitybot/capacity"

// Filter returns the namespace filter NAMESPACE_ALLOWLIST and
// NAMESPACE_DENYLIST describe; its matching rule is capacity's.
func (c Config) Filter() capacity.NamespaceFilter {
	return capacity.NamespaceFilter{Allow: c.NamespaceAllow, Deny: c.NamespaceDeny}
}
