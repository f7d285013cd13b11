package capacity

import (
	"fmt"
	"sort"
	"strings"
)

// ScopesSetting is the setting that maps users and user groups to the
// namespaces they may change; named here so every message about it agrees.
const ScopesSetting = "BOOST_SCOPES"

// Scopes maps Slack user IDs and user-group IDs (console: user names) to the
// namespace globs they may change. In an account with many namespaces, teams
// own different ones: a scope keeps a team's boosts to its own namespaces.
// A nil or empty Scopes narrows nothing.
type Scopes map[string][]string

// ParseScopes reads BOOST_SCOPES: entries separated by ";", each
// "ID=glob,glob". Every glob is checked with CheckGlob; an ID may appear
// once. An empty string is no scopes.
func ParseScopes(s string) (Scopes, error) {
	out := Scopes{}
	for _, entry := range strings.Split(s, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		id, list, ok := strings.Cut(entry, "=")
		id = strings.TrimSpace(id)
		if !ok || id == "" {
			return nil, fmt.Errorf("entry %q must be ID=glob[,glob…] (a user or user group ID, then namespace globs)", entry)
		}
		if _, dup := out[id]; dup {
			return nil, fmt.Errorf("%s is named twice; list all its globs in one entry", id)
		}
		var globs []string
		for _, g := range strings.Split(list, ",") {
			if g = strings.TrimSpace(g); g == "" {
				continue
			}
			if err := CheckGlob(g); err != nil {
				return nil, fmt.Errorf("%s: %w", id, err)
			}
			globs = append(globs, g)
		}
		if len(globs) == 0 {
			return nil, fmt.Errorf("%s has no namespace glob", id)
		}
		out[id] = globs
	}
	return out, nil
}

// IsGroupID reports whether a scope key names a Slack user group (S…, in
// Slack's upper-case ID form) rather than a user, so the group's members
// are looked up.
func IsGroupID(id string) bool {
	if len(id) < 2 || id[0] != 'S' {
		return false
	}
	for _, r := range id[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Allows reports whether one of the keys (a user and the groups they belong
// to) has a glob matching the namespace (MatchNamespace). An empty namespace
// asks whether the keys may change any namespace at all.
func (s Scopes) Allows(keys []string, namespace string) bool {
	for _, k := range keys {
		globs, ok := s[k]
		if !ok {
			continue
		}
		if namespace == "" || MatchAnyNamespace(globs, namespace) {
			return true
		}
	}
	return false
}

// Globs lists the globs of the keys, sorted and without repeats, to tell a
// refused user which namespaces they may change.
func (s Scopes) Globs(keys []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range keys {
		for _, g := range s[k] {
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	sort.Strings(out)
	return out
}

// GroupIDs lists the keys that name user groups, sorted, so membership is
// looked up in a stable order.
func (s Scopes) GroupIDs() []string {
	var out []string
	for k := range s {
		if IsGroupID(k) {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
