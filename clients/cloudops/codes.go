package cloudops

import (
	"strings"

	"google.golang.org/grpc/codes"

	"github.com/capacitybot/capacitybot/clients"
)

// rule is one row of the classification table: an answer of the Cloud Ops
// API and what the bot makes of it.
type rule struct {
	code codes.Code
	// message is lower-case text the status message must contain; "" matches
	// any message. Needed only where the API gives no typed detail to tell
	// two answers of one code apart; every such row is assumed.
	message string
	kind    clients.ErrorKind
	// retry restates kind.Retryable() (which the activities act on) so that
	// the table reads whole; a test keeps the two equal.
	retry bool
	// noChange marks the answer to an update that would change nothing:
	// SetCapacity reports it as a no-op, not as an error.
	noChange bool
}

// rules is the one place that classifies Cloud Ops answers: classify takes
// the first row that matches, and a code no row matches is unclassified
// (KindInternal, shown as such). Rows of one code go from the most specific
// message to the catch-all. "documented" names the source; "assumed" says why
// (docs/real-services.md lists what happens if an assumption is wrong).
func rules() []rule {
	return []rule{
		// documented: cloud-sdk cloudclient default retry treats Unavailable as transient.
		{code: codes.Unavailable, kind: clients.KindUnavailable, retry: true},
		// documented: gRPC status codes; gRPC reports our own call timeout with it.
		{code: codes.DeadlineExceeded, kind: clients.KindUnavailable, retry: true},
		// assumed: the call was cut (our context or the connection), not refused.
		{code: codes.Canceled, kind: clients.KindUnavailable, retry: true},
		// documented: cloud-sdk retries ResourceExhausted; Temporal throttling answers with it.
		// The wait is read from RetryInfo or retry-after (assumed: neither is documented).
		{code: codes.ResourceExhausted, kind: clients.KindRateLimited, retry: true},
		// assumed: the code and text for a stale resource_version are not documented
		// (open question 4); the message is expected to name the resource version.
		{code: codes.FailedPrecondition, message: "resource version", kind: clients.KindStaleVersion, retry: true},
		// assumed: as above, with the field's proto name.
		{code: codes.FailedPrecondition, message: "resource_version", kind: clients.KindStaleVersion, retry: true},
		// assumed: PROTO says capacity "can be changed only when the last capacity
		// request is not in progress"; the code and text of the refusal are not documented.
		{code: codes.FailedPrecondition, message: "in progress", kind: clients.KindInProgress, retry: true},
		// assumed: gRPC's code for a concurrency conflict (sequencer check); re-read and retry.
		{code: codes.Aborted, kind: clients.KindStaleVersion, retry: true},
		// documented: tcld isNothingChangedErr (InvalidArgument, "nothing to change").
		{code: codes.InvalidArgument, message: "nothing to change", kind: clients.KindInvalid, noChange: true},
		// assumed: a refusal while a request is in progress might come as InvalidArgument.
		{code: codes.InvalidArgument, message: "in progress", kind: clients.KindInProgress, retry: true},
		// documented: tcld PR #356 (bad API version is InvalidArgument); other validation assumed alike.
		{code: codes.InvalidArgument, kind: clients.KindInvalid},
		// assumed: gRPC's code for a value outside the valid range (e.g. a TRU value).
		{code: codes.OutOfRange, kind: clients.KindInvalid},
		// assumed: gRPC meaning; Temporal Cloud documents the roles, not the code.
		{code: codes.PermissionDenied, kind: clients.KindPermission},
		// assumed: gRPC meaning for a missing or wrong API key.
		{code: codes.Unauthenticated, kind: clients.KindPermission},
		// assumed: gRPC meaning for an unknown namespace or async operation.
		{code: codes.NotFound, kind: clients.KindNotFound},
		// assumed: a fault on the server's side, worth another try.
		{code: codes.Internal, kind: clients.KindInternal, retry: true},
	}
}

// lookup returns the first row matching code and message.
func lookup(code codes.Code, message string) (rule, bool) {
	msg := strings.ToLower(message)
	for _, r := range rules() {
		if r.code == code && strings.Contains(msg, r.message) {
			return r, true
		}
	}
	return rule{}, false
}
