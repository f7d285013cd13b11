package clients

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// ErrorKind classifies a Cloud Ops or Metrics API failure so that callers
// (activities, the bot) can decide between retrying and telling a person.
type ErrorKind string

// Error kinds. The first group is worth retrying; the second is final.
const (
	KindUnavailable  ErrorKind = "unavailable"   // 503, connection refused, timeout
	KindRateLimited  ErrorKind = "rate_limited"  // 429 / ResourceExhausted; see RetryAfter
	KindStaleVersion ErrorKind = "stale_version" // resource version changed under us
	KindInProgress   ErrorKind = "in_progress"   // a capacity request is still running
	KindInvalid      ErrorKind = "invalid"       // e.g. a TRU value not valid for the namespace
	KindPermission   ErrorKind = "permission"    // permission denied or unauthenticated
	KindNotFound     ErrorKind = "not_found"     // namespace or operation unknown
	KindMalformed    ErrorKind = "malformed"     // a response we cannot make sense of
	KindInternal     ErrorKind = "internal"      // a server fault, or an answer no table row classifies
)

// Retryable reports whether an error of this kind may succeed if tried again.
func (k ErrorKind) Retryable() bool {
	switch k {
	case KindUnavailable, KindRateLimited, KindStaleVersion, KindInProgress, KindInternal:
		return true
	}
	return false
}

// Error is the typed error every client method returns. When the service
// answered, it also carries what a person needs to look the failure up: the
// code, the server's message and its request ID. Error() puts all of it on
// one line, so every alert and log line that prints the error shows it.
type Error struct {
	Op         string        // the call, e.g. "GetNamespace"
	Namespace  string        // empty when not about one namespace
	Kind       ErrorKind     // what went wrong, in terms a caller can act on
	RetryAfter time.Duration // set for KindRateLimited when the server said
	// Code is the service's answer: a gRPC code name ("PermissionDenied") or
	// an HTTP status ("HTTP 503"); empty when no answer came (e.g. a timeout
	// or a response the client could not read).
	Code string
	// Unclassified says the classification table has no row for Code: Kind
	// is then KindInternal, and Error() says so.
	Unclassified bool
	Message      string // the server's message or the start of its error body
	RequestID    string // the server's request ID, when the response had one
	// Err is the underlying error. When Code is set it is the service's
	// answer in raw form, and Error() shows Code and Message in its place.
	Err error
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	if e.Namespace != "" {
		b.WriteString(" " + e.Namespace)
	}
	b.WriteString(": " + string(e.Kind))
	if e.Unclassified {
		b.WriteString(" (unclassified " + e.Code + ")")
	}
	if e.RetryAfter > 0 {
		fmt.Fprintf(&b, " (retry after %s)", e.RetryAfter)
	}
	switch {
	case e.Code != "":
		if !e.Unclassified {
			b.WriteString(": " + e.Code)
		}
		if m := oneLine(e.Message); m != "" {
			b.WriteString(": " + m)
		}
	case e.Err != nil:
		b.WriteString(": " + e.Err.Error())
	}
	if id := oneLine(e.RequestID); id != "" {
		b.WriteString(" (request id " + id + ")")
	}
	return b.String()
}

// oneLine keeps a server-supplied text on one line: control characters
// (newlines in an error body, say) become spaces.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
}

func (e *Error) Unwrap() error { return e.Err }

// KindOf returns the kind of a client error anywhere in err's chain, or
// KindInternal for an error that is not a client error.
func KindOf(err error) ErrorKind {
	var ce *Error
	if errors.As(err, &ce) {
		return ce.Kind
	}
	return KindInternal
}

// IsRetryable reports whether err may succeed if the call is tried again.
func IsRetryable(err error) bool { return err != nil && KindOf(err).Retryable() }

// RetryAfterOf returns the server's Retry-After hint carried by err, if any.
func RetryAfterOf(err error) time.Duration {
	var ce *Error
	if errors.As(err, &ce) {
		return ce.RetryAfter
	}
	return 0
}

// RequestIDHeaders are the response headers (HTTP) or metadata keys (gRPC)
// read for the server's request ID, first found wins. Neither Temporal Cloud
// API documents one, so these are the common names (assumed; see
// docs/real-services.md). Lower case, as gRPC metadata keys are; HTTP header
// lookup is case-insensitive.
func RequestIDHeaders() []string { return []string{"x-request-id", "request-id"} }

// Kinds lists every ErrorKind, so that a consumer can name each one in
// advance (the errors-by-kind metric starts every kind at zero).
func Kinds() []ErrorKind {
	return []ErrorKind{KindUnavailable, KindRateLimited, KindStaleVersion, KindInProgress,
		KindInvalid, KindPermission, KindNotFound, KindMalformed, KindInternal}
}
