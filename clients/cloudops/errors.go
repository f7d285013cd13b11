package cloudops

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/capacitybot/capacitybot/clients"
)

// classify turns an RPC failure into a *clients.Error whose Kind the caller
// acts on, through the table in codes.go. The error keeps the code, the
// server's message and request ID, so that a person can look it up.
func classify(method, ns string, err error, header, trailer metadata.MD) *clients.Error {
	ce := &clients.Error{Op: method, Namespace: ns, Err: err, Kind: clients.KindInternal}
	st, ok := status.FromError(err)
	if !ok {
		// No answer from the service: the call timed out or was cut.
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			ce.Kind = clients.KindUnavailable
		}
		return ce
	}
	ce.Code, ce.Message, ce.RequestID = st.Code().String(), st.Message(), requestID(header, trailer)
	r, ok := lookup(st.Code(), st.Message())
	if !ok {
		ce.Unclassified = true
		return ce
	}
	ce.Kind = r.kind
	if r.kind == clients.KindRateLimited {
		ce.RetryAfter = retryAfter(st, header, trailer)
	}
	if r.noChange {
		ce.Err = nothingChanged{err}
	}
	return ce
}

// nothingChanged marks the service's answer to an update that changes
// nothing, which SetCapacity reports as a no-op.
type nothingChanged struct{ error }

func (n nothingChanged) Unwrap() error { return n.error }

// requestID returns the first request ID found in the response's header or
// trailer metadata.
func requestID(header, trailer metadata.MD) string {
	for _, md := range []metadata.MD{header, trailer} {
		for _, key := range clients.RequestIDHeaders() {
			if v := md.Get(key); len(v) > 0 && v[0] != "" {
				return v[0]
			}
		}
	}
	return ""
}

// retryAfter reads the server's wait hint: a retry-after header or trailer
// first, then google.rpc.RetryInfo details.
func retryAfter(st *status.Status, header, trailer metadata.MD) time.Duration {
	for _, md := range []metadata.MD{header, trailer} {
		for _, v := range md.Get("retry-after") {
			if d, ok := parseRetryAfter(v); ok {
				return d
			}
		}
	}
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok && ri.GetRetryDelay() != nil {
			if d := ri.GetRetryDelay().AsDuration(); d > 0 {
				return d
			}
		}
	}
	return 0
}

// parseRetryAfter accepts seconds ("2", "1.5"), a Go duration ("1500ms") or
// an HTTP date.
func parseRetryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if secs, err := strconv.ParseFloat(v, 64); err == nil && secs >= 0 {
		return time.Duration(secs * float64(time.Second)), true
	}
	if d, err := time.ParseDuration(v); err == nil && d >= 0 {
		return d, true
	}
	if t, err := time.Parse(time.RFC1123, v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}
