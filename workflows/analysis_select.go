package workflows

import (
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/capacitybot/capacitybot/internal/config"
)

// analysisSelect picks the namespaces an analysis covers: those the policy
// allows and, when globs are given, that match one of them (by namespace ID
// or bare name). Each glob that is invalid or matches nothing becomes a
// warning, so a typo is reported instead of silently shrinking the report.
func analysisSelect(all []string, filter config.NamespaceFilter, globs []string) (selected, warnings []string) {
	valid := make([]string, 0, len(globs))
	for _, g := range globs {
		if _, err := path.Match(g, ""); err != nil {
			warnings = append(warnings, fmt.Sprintf("%q is not a valid namespace pattern and was ignored", g))
			continue
		}
		valid = append(valid, g)
	}
	matched := make(map[string]bool, len(valid))
	for _, ns := range all {
		if !filter.Allowed(ns) {
			continue
		}
		if len(globs) == 0 {
			selected = append(selected, ns)
			continue
		}
		hit := false
		for _, g := range valid {
			if analysisGlobMatch(g, ns) {
				matched[g] = true
				hit = true
			}
		}
		if hit {
			selected = append(selected, ns)
		}
	}
	for _, g := range valid {
		if !matched[g] {
			warnings = append(warnings, fmt.Sprintf("no allowed namespace matches %q", g))
		}
	}
	slices.Sort(selected)
	return slices.Compact(selected), warnings
}

// analysisGlobMatch matches a glob against the namespace ID ("payments.acct1")
// and its bare name ("payments"), the two forms people type.
func analysisGlobMatch(glob, namespace string) bool {
	if ok, _ := path.Match(glob, namespace); ok {
		return true
	}
	bare, _, found := strings.Cut(namespace, ".")
	if !found {
		return false
	}
	ok, _ := path.Match(glob, bare)
	return ok
}
