package clients_test

import (
	"errors"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

func TestErrorString(t *testing.T) {
	raw := errors.New("rpc error: code = DataLoss desc = disk gone")
	tests := []struct {
		name string
		err  *clients.Error
		want string
	}{
		{
			name: "no answer from the service",
			err:  &clients.Error{Op: "GetNamespace", Namespace: "ns.acct", Kind: clients.KindUnavailable, Err: errors.New("dial tcp: refused")},
			want: "GetNamespace ns.acct: unavailable: dial tcp: refused",
		},
		{
			name: "classified gRPC code",
			err: &clients.Error{Op: "UpdateNamespace", Namespace: "ns.acct", Kind: clients.KindPermission,
				Code: "PermissionDenied", Message: "key lacks Namespace Admin", RequestID: "req-1", Err: raw},
			want: "UpdateNamespace ns.acct: permission: PermissionDenied: key lacks Namespace Admin (request id req-1)",
		},
		{
			name: "unclassified gRPC code",
			err: &clients.Error{Op: "GetNamespace", Namespace: "ns.acct", Kind: clients.KindInternal, Unclassified: true,
				Code: "DataLoss", Message: "disk gone", RequestID: "req-2", Err: raw},
			want: "GetNamespace ns.acct: internal (unclassified DataLoss): disk gone (request id req-2)",
		},
		{
			name: "unclassified HTTP status, body on one line",
			err: &clients.Error{Op: "GetMetrics", Kind: clients.KindInternal, Unclassified: true,
				Code: "HTTP 418", Message: "I'm a teapot\r\nshort and stout\n", RequestID: "r-418"},
			want: "GetMetrics: internal (unclassified HTTP 418): I'm a teapot  short and stout (request id r-418)",
		},
		{
			name: "rate limited with a wait, no message, no request id",
			err:  &clients.Error{Op: "GetMetrics", Kind: clients.KindRateLimited, RetryAfter: 2 * time.Minute, Code: "HTTP 429"},
			want: "GetMetrics: rate_limited (retry after 2m0s): HTTP 429",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Fatalf("Error() =\n  %q\nwant\n  %q", got, tt.want)
			}
		})
	}
}
