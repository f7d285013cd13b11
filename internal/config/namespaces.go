package config

import "path"

// NamespaceFilter decides which namespaces the bot may analyze or change,
// from allow and deny lists of globs matched against the namespace ID and its
// bare name. An empty allow list allows everything not denied.
type NamespaceFilter struct {
	Allow []string
	Deny  []string
}

// Filter returns the namespace filter these settings describe.
func (c Config) Filter() NamespaceFilter {
	return NamespaceFilter{Allow: c.NamespaceAllow, Deny: c.NamespaceDeny}
}

// Allowed reports whether the namespace may be managed.
func (f NamespaceFilter) Allowed(namespace string) bool {
	if matchAny(f.Deny, namespace) {
		return false
	}
	return len(f.Allow) == 0 || matchAny(f.Allow, namespace)
}

func matchAny(globs []string, namespace string) bool {
	name := namespace
	for i := range len(namespace) {
		if namespace[i] == '.' {
			name = namespace[:i]
			break
		}
	}
	for _, g := range globs {
		if ok, _ := path.Match(g, namespace); ok {
			return true
		}
		if ok, _ := path.Match(g, name); ok {
			return true
		}
	}
	return false
}
