package clients

import (
	"maps"
	"slices"

	"github.com/capacitybot/capacitybot/capacity"
)

// LabelResolution is how the Metrics API's temporal_namespace label values
// matched the Cloud Ops namespaces: the form served and the values that name
// no namespace. `capacitybot check` reports it; the analysis warns with it.
type LabelResolution struct {
	// Forms counts the label values resolved in each form; both non-zero
	// means the API serves a mix.
	Forms map[capacity.NameForm]int `json:"forms,omitempty"`
	// Unmapped lists, sorted, the label values that name no Cloud Ops
	// namespace (or a bare name shared by several). Their usage is dropped.
	Unmapped []string `json:"unmapped,omitempty"`
}

// Form is the label form served: FormID or FormName, "mixed" when both
// were seen, "" when no value resolved.
func (r LabelResolution) Form() string {
	switch {
	case r.Forms[capacity.FormID] > 0 && r.Forms[capacity.FormName] > 0:
		return "mixed"
	case r.Forms[capacity.FormID] > 0:
		return string(capacity.FormID)
	case r.Forms[capacity.FormName] > 0:
		return string(capacity.FormName)
	}
	return ""
}

// ResolveUsage keys a snapshot by Cloud Ops namespace ID, whichever label
// form the Metrics API serves (bare name or full ID; the documentation does
// not say which). It is the one mapping every consumer of a label value goes
// through, so nothing but an ID listed by Cloud Ops ever reaches a Cloud Ops
// call. A value naming no namespace is dropped and listed in the resolution.
// When both forms name the same namespace, the ID form is kept: adding the
// two could double its usage.
func ResolveUsage(snap UsageSnapshot, namespaceIDs []string) (UsageSnapshot, LabelResolution) {
	index := capacity.NewNamespaceIndex(namespaceIDs)
	out := snap
	out.Namespaces = make(map[string]NamespaceUsage, len(snap.Namespaces))
	res := LabelResolution{Forms: map[capacity.NameForm]int{}}
	for _, label := range slices.Sorted(maps.Keys(snap.Namespaces)) {
		id, form, found, _ := index.Resolve(label)
		if !found {
			res.Unmapped = append(res.Unmapped, label)
			continue
		}
		res.Forms[form]++
		if prev, dup := out.Namespaces[id]; dup && prev.Label == id {
			continue
		}
		u := snap.Namespaces[label]
		u.Namespace, u.Label = id, label
		out.Namespaces[id] = u
	}
	return out, res
}
