package workflows

import (
	"fmt"
	"slices"

	"github.com/capacitybot/capacitybot/capacity"
)

// analysisSelect picks the namespaces an analysis covers: those the policy
// allows and, when globs are given, that match one of them (by namespace ID
// or bare name). Each glob that is invalid or matches nothing becomes a
// warning, so a typo is reported instead of silently shrinking the report.
func analysisSelect(all []string, filter capacity.NamespaceFilter, globs []string) (selected, warnings []string) {
	valid := make([]string, 0, len(globs))
	for _, g := range globs {
		if capacity.CheckGlob(g) != nil {
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
			if capacity.MatchNamespace(g, ns) {
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
