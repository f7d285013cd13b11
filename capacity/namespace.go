package capacity

import (
	"fmt"
	"path"
	"strings"
)

// BareName is a namespace ID's name without its account ("payments" for
// "payments.acct1"): the part before the first dot, or the whole ID when it
// has none. People type either form, and the Metrics API may label usage
// with either.
func BareName(namespaceID string) string {
	name, _, _ := strings.Cut(namespaceID, ".")
	return name
}

// MatchNamespace reports whether a glob (path.Match syntax) matches the
// namespace ID or its bare name, the two forms people type. An invalid glob
// matches nothing; CheckGlob says why.
func MatchNamespace(glob, namespaceID string) bool {
	if ok, _ := path.Match(glob, namespaceID); ok {
		return true
	}
	bare := BareName(namespaceID)
	if bare == namespaceID {
		return false
	}
	ok, _ := path.Match(glob, bare)
	return ok
}

// MatchAnyNamespace reports whether any of the globs matches the namespace
// (see MatchNamespace).
func MatchAnyNamespace(globs []string, namespaceID string) bool {
	for _, g := range globs {
		if MatchNamespace(g, namespaceID) {
			return true
		}
	}
	return false
}

// CheckGlob refuses a glob that path.Match cannot read, so a typo in a
// setting or a command is reported instead of silently matching nothing.
func CheckGlob(glob string) error {
	if _, err := path.Match(glob, ""); err != nil {
		return fmt.Errorf("%q is not a valid glob: %w", glob, err)
	}
	return nil
}

// NamespaceFilter decides which namespaces the bot may analyze or change,
// from allow and deny lists of globs matched by MatchNamespace. An empty
// allow list allows everything not denied. It travels inside workflow
// payloads, so its JSON names are fixed (they are the Go field names it was
// first recorded with).
type NamespaceFilter struct {
	Allow []string `json:"Allow"`
	Deny  []string `json:"Deny"`
}

// Allowed reports whether the namespace may be managed.
func (f NamespaceFilter) Allowed(namespaceID string) bool {
	if MatchAnyNamespace(f.Deny, namespaceID) {
		return false
	}
	return len(f.Allow) == 0 || MatchAnyNamespace(f.Allow, namespaceID)
}
