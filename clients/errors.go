package clients

import (
	"errors"
	"fmt"
	"time"
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
	KindInternal     ErrorKind = "internal"      // anything else
)

// Retryable reports whether an error of this kind may succeed if tried again.
func (k ErrorKind) Retryable() bool {
	switch k {
	case KindUnavailable, KindRateLimited, KindStaleVersion, KindInProgress, KindInternal:
		return true
	}
	return false
}

// Error is the typed error every client method returns.
type Error struct {
	Op         string        // the call, e.g. "GetNamespace"
	Namespace  string        // empty when not about one namespace
	Kind       ErrorKind     // what went wrong, in terms a caller can act on
	RetryAfter time.Duration // set for KindRateLimited when the server said
	Err        error         // the underlying error
}

func (e *Error) Error() string {
	msg := e.Op
	if e.Namespace != "" {
		msg += " " + e.Namespace
	}
	msg += ": " + string(e.Kind)
	if e.RetryAfter > 0 {
		msg += fmt.Sprintf(" (retry after %s)", e.RetryAfter)
	}
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
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
