package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/capacitybot/capacitybot/capacity"
)

// maxNamespaceOptions is Slack's limit on options in an external select.
const maxNamespaceOptions = 100

// Namespaces lists the allowed namespaces containing query (case-insensitive),
// sorted, at most 100, for the modal's external select.
func (h *Handler) Namespaces(ctx context.Context, query string) ([]string, error) {
	all, err := h.o.Cloud.ListNamespaces(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing namespaces: %w", err)
	}
	q := strings.ToLower(strings.TrimSpace(query))
	var out []string
	for _, ns := range all {
		if h.o.Policy.Filter.Allowed(ns) && strings.Contains(ns, q) {
			out = append(out, ns)
		}
	}
	sort.Strings(out)
	if len(out) > maxNamespaceOptions {
		out = out[:maxNamespaceOptions]
	}
	return out, nil
}

// resolveNamespace turns what a person typed into a namespace ID: the ID
// itself, or a bare name ("payments") that names exactly one namespace
// ("payments.demo42"). An unknown or ambiguous name is refused with the
// closest allowed names.
func resolveNamespace(typed string, all []string, allowed func(string) bool) (string, error) {
	id, err := capacity.NewNamespaceIndex(all).Find(typed)
	var unknown *capacity.UnknownNamespaceError
	if err == nil || !errors.As(err, &unknown) {
		return id, err
	}
	if len(unknown.Candidates) > 0 {
		return "", fmt.Errorf("%w; please give the full namespace ID", err)
	}
	if close := closeMatches(typed, all, allowed); len(close) > 0 {
		return "", fmt.Errorf("%w; did you mean %s?", err, strings.Join(close, ", "))
	}
	return "", err
}

// closeMatches returns up to five allowed namespaces that look like typed:
// containing it, contained in it, or within a small edit distance of it or
// of the bare name.
func closeMatches(typed string, all []string, allowed func(string) bool) []string {
	type cand struct {
		ns   string
		dist int
	}
	var cs []cand
	for _, ns := range all {
		if !allowed(ns) {
			continue
		}
		name := capacity.BareName(ns)
		d := min(editDistance(typed, ns), editDistance(typed, name))
		if strings.Contains(ns, typed) || (len(name) >= 3 && strings.Contains(typed, name)) {
			d = 0
		}
		if d <= 2 || d <= len(typed)/4 {
			cs = append(cs, cand{ns, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool {
		if cs[i].dist != cs[j].dist {
			return cs[i].dist < cs[j].dist
		}
		return cs[i].ns < cs[j].ns
	})
	var out []string
	for i := 0; i < len(cs) && i < 5; i++ {
		out = append(out, cs[i].ns)
	}
	return out
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return max(len(a), len(b))
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
