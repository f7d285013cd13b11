package cloudops

import (
	"errors"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/capacitybot/capacitybot/clients"
)

// TestEveryRuleMapsAsStated sends each row's own answer (its code, and its
// message text in another case inside a longer message) through classify:
// the row must be the one that matches (no earlier row shadows it), the
// error must have the row's kind, and the row's retry column must be what
// the activities will do.
func TestEveryRuleMapsAsStated(t *testing.T) {
	for i, r := range rules() {
		msg := "the service says: " + strings.ToUpper(r.message) + " (details)"
		t.Run(r.code.String()+"/"+r.message, func(t *testing.T) {
			if got, ok := lookup(r.code, msg); !ok || got != r {
				t.Fatalf("row %d: lookup(%s, %q) = %+v, %v; want the row itself", i, r.code, msg, got, ok)
			}
			err := classify("UpdateNamespace", "ns.acct", status.Error(r.code, msg), nil, nil)
			if err.Kind != r.kind || err.Unclassified || err.Code != r.code.String() || err.Message != msg {
				t.Fatalf("row %d: classified as %+v", i, err)
			}
			if r.kind.Retryable() != r.retry || clients.IsRetryable(err) != r.retry {
				t.Fatalf("row %d: retry column %v, but kind %s retryable = %v", i, r.retry, r.kind, r.kind.Retryable())
			}
			if nothingToChange(err) != r.noChange {
				t.Fatalf("row %d: nothingToChange = %v, want %v", i, !r.noChange, r.noChange)
			}
		})
	}
}

// TestEveryCode states, independently of the table, what each gRPC code
// with a plain message becomes; codes the table leaves out must show as
// unclassified.
func TestEveryCode(t *testing.T) {
	tests := []struct {
		code         codes.Code
		msg          string
		want         clients.ErrorKind
		unclassified bool
	}{
		{codes.Canceled, "x", clients.KindUnavailable, false},
		{codes.Unknown, "x", clients.KindInternal, true},
		{codes.InvalidArgument, "x", clients.KindInvalid, false},
		{codes.DeadlineExceeded, "x", clients.KindUnavailable, false},
		{codes.NotFound, "x", clients.KindNotFound, false},
		{codes.AlreadyExists, "x", clients.KindInternal, true},
		{codes.PermissionDenied, "x", clients.KindPermission, false},
		{codes.ResourceExhausted, "x", clients.KindRateLimited, false},
		{codes.FailedPrecondition, "Resource Version mismatch", clients.KindStaleVersion, false},
		{codes.FailedPrecondition, "capacity request in progress", clients.KindInProgress, false},
		// A refusal whose text the table does not know (say, an hourly
		// cooldown) is not guessed to be "in progress".
		{codes.FailedPrecondition, "capacity can be changed once an hour", clients.KindInternal, true},
		{codes.Aborted, "x", clients.KindStaleVersion, false},
		{codes.OutOfRange, "x", clients.KindInvalid, false},
		{codes.Unimplemented, "x", clients.KindInternal, true},
		{codes.Internal, "x", clients.KindInternal, false},
		{codes.Unavailable, "x", clients.KindUnavailable, false},
		{codes.DataLoss, "x", clients.KindInternal, true},
		{codes.Unauthenticated, "x", clients.KindPermission, false},
	}
	for _, tt := range tests {
		t.Run(tt.code.String()+"/"+tt.msg, func(t *testing.T) {
			ce := classify("GetNamespace", "ns.acct", status.Error(tt.code, tt.msg), nil, nil)
			if ce.Kind != tt.want || ce.Unclassified != tt.unclassified {
				t.Fatalf("got kind %s unclassified %v, want %s %v", ce.Kind, ce.Unclassified, tt.want, tt.unclassified)
			}
			if tt.unclassified && !strings.Contains(ce.Error(), "unclassified "+tt.code.String()) {
				t.Fatalf("Error() %q does not say the code is unclassified", ce)
			}
		})
	}
}

func TestUnclassifiedKeepsWhatAPersonNeeds(t *testing.T) {
	tests := []struct {
		name            string
		header, trailer metadata.MD
		wantID          string
	}{
		{"x-request-id header", metadata.Pairs("x-request-id", "req-h"), nil, "req-h"},
		{"request-id trailer", nil, metadata.Pairs("request-id", "req-t"), "req-t"},
		{"header before trailer", metadata.Pairs("x-request-id", "req-h"), metadata.Pairs("x-request-id", "req-t"), "req-h"},
		{"none", metadata.Pairs("other", "v"), nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := status.Error(codes.DataLoss, "shard 7 lost\nits journal")
			ce := classify("GetNamespace", "ns.acct", raw, tt.header, tt.trailer)
			if ce.Code != "DataLoss" || ce.Message != "shard 7 lost\nits journal" || ce.RequestID != tt.wantID || !errors.Is(ce, raw) {
				t.Fatalf("got %+v", ce)
			}
			want := "GetNamespace ns.acct: internal (unclassified DataLoss): shard 7 lost its journal"
			if tt.wantID != "" {
				want += " (request id " + tt.wantID + ")"
			}
			if got := ce.Error(); got != want {
				t.Fatalf("Error() = %q, want %q", got, want)
			}
		})
	}
}
