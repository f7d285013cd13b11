package capacity

import (
	"fmt"
	"slices"
	"strings"
)

// NameForm is how a value names a namespace: by its full ID
// ("payments.acct1") or by its bare name ("payments").
type NameForm string

// Name forms. The Metrics API's temporal_namespace label is served in one of
// them (which one is undocumented), and people type either.
const (
	FormID   NameForm = "id"
	FormName NameForm = "name"
)

// NamespaceIndex resolves values that name a namespace (a Metrics API label,
// a typed name) to Cloud Ops namespace IDs. It is the one owner of that rule:
// an exact ID wins, else a bare name naming exactly one namespace; anything
// else names nothing and must never reach Cloud Ops as if it were an ID.
type NamespaceIndex struct {
	ids    map[string]bool
	byName map[string][]string
}

// NewNamespaceIndex indexes the account's namespace IDs (from Cloud Ops).
func NewNamespaceIndex(ids []string) NamespaceIndex {
	x := NamespaceIndex{ids: make(map[string]bool, len(ids)), byName: make(map[string][]string, len(ids))}
	for _, id := range ids {
		if x.ids[id] {
			continue
		}
		x.ids[id] = true
		name := BareName(id)
		x.byName[name] = append(x.byName[name], id)
	}
	return x
}

// Resolve returns the namespace ID v names and the form it used. found is
// false when v names no namespace; candidates then lists, sorted, the
// namespaces a bare name fits when it fits several (an ambiguous name).
func (x NamespaceIndex) Resolve(v string) (id string, form NameForm, found bool, candidates []string) {
	if x.ids[v] {
		return v, FormID, true, nil
	}
	if strings.Contains(v, ".") {
		return "", "", false, nil // an ID of another account, or a typo: not a bare name
	}
	switch ids := x.byName[v]; len(ids) {
	case 0:
		return "", "", false, nil
	case 1:
		return ids[0], FormName, true, nil
	default:
		return "", "", false, slices.Sorted(slices.Values(ids))
	}
}

// UnknownNamespaceError is Find's error: the value names no namespace, or a
// bare name fits several (Candidates, sorted).
type UnknownNamespaceError struct {
	Value      string
	Candidates []string
}

func (e *UnknownNamespaceError) Error() string {
	if len(e.Candidates) > 0 {
		return fmt.Sprintf("%s could be any of %s", e.Value, strings.Join(e.Candidates, ", "))
	}
	return fmt.Sprintf("there is no namespace %s in this Temporal Cloud account", e.Value)
}

// Find is Resolve for callers that only need the ID, or why there is none.
func (x NamespaceIndex) Find(v string) (string, error) {
	id, _, found, candidates := x.Resolve(v)
	if !found {
		return "", &UnknownNamespaceError{Value: v, Candidates: candidates}
	}
	return id, nil
}
