package workflows

import (
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
)

// The search attributes a boost workflow carries when the Temporal namespace
// has them, set by the client that starts it (never by workflow code, so no
// history changes). /capacity history filters on them on the server; without
// them it lists every boost run and filters by workflow ID. README.md
// (History) says how to add them to a Temporal Cloud namespace.
const (
	// SearchAttrNamespace is the boosted Temporal Cloud namespace (Keyword).
	SearchAttrNamespace = "CapacityNamespace"
	// SearchAttrRequester is who asked for the boost (Keyword).
	SearchAttrRequester = "CapacityRequester"
)

// MemoRequest is the memo key holding a boost's request, set at start, so a
// listing can name the namespace, target and requester of a run whose
// result and status cannot be read (terminated, or its worker gone).
const MemoRequest = "request"

// HistorySearchAttributes lists the search attributes and their types, for
// registering them (the embedded server does at start).
func HistorySearchAttributes() map[string]enumspb.IndexedValueType {
	return map[string]enumspb.IndexedValueType{
		SearchAttrNamespace: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
		SearchAttrRequester: enumspb.INDEXED_VALUE_TYPE_KEYWORD,
	}
}

// BoostSearchAttributes are the values a boost run starts with.
func BoostSearchAttributes(req BoostRequest) temporal.SearchAttributes {
	return temporal.NewSearchAttributes(
		temporal.NewSearchAttributeKeyKeyword(SearchAttrNamespace).ValueSet(req.Namespace),
		temporal.NewSearchAttributeKeyKeyword(SearchAttrRequester).ValueSet(req.Requester))
}
