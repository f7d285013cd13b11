package cloudops

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/capacitybot/capacitybot/clients"
)

// classify turns an RPC failure into a *clients.Error whose Kind the caller
// acts on. The service's error codes for stale versions and in-progress
// requests are not documented, so the message is read as well.
func classify(method, ns string, err error, header, trailer metadata.MD) *clients.Error {
	ce := &clients.Error{Op: method, Namespace: ns, Err: err, Kind: clients.KindInternal}
	st, ok := status.FromError(err)
	if !ok {
		if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
			ce.Kind = clients.KindUnavailable
		}
		return ce
	}
	msg := strings.ToLower(st.Message())
	switch st.Code() {
	case codes.Unavailable, codes.DeadlineExceeded, codes.Canceled:
		ce.Kind = clients.KindUnavailable
	case codes.ResourceExhausted:
		ce.Kind = clients.KindRateLimited
		ce.RetryAfter = retryAfter(st, header, trailer)
	case codes.FailedPrecondition, codes.Aborted:
		switch {
		case mentionsVersion(msg):
			ce.Kind = clients.KindStaleVersion
		case st.Code() == codes.Aborted:
			ce.Kind = clients.KindStaleVersion // a concurrent change: re-read and retry
		default:
			ce.Kind = clients.KindInProgress
		}
	case codes.InvalidArgument, codes.OutOfRange:
		ce.Kind = clients.KindInvalid
		if strings.Contains(msg, "in progress") {
			ce.Kind = clients.KindInProgress
		}
	case codes.PermissionDenied, codes.Unauthenticated:
		ce.Kind = clients.KindPermission
	case codes.NotFound:
		ce.Kind = clients.KindNotFound
	default:
		if strings.Contains(msg, "in progress") {
			ce.Kind = clients.KindInProgress
		}
	}
	return ce
}

func mentionsVersion(msg string) bool {
	return strings.Contains(msg, "resource version") || strings.Contains(msg, "resource_version")
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
