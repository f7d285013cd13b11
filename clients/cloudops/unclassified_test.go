package cloudops_test

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
)

// refusingCloud answers GetNamespace with a fixed status, after setting
// the response header and trailer metadata it is given.
type refusingCloud struct {
	cloudservice.UnimplementedCloudServiceServer
	st              *status.Status
	header, trailer metadata.MD
}

func (s *refusingCloud) GetNamespace(ctx context.Context, _ *cloudservice.GetNamespaceRequest) (*cloudservice.GetNamespaceResponse, error) {
	if err := grpc.SetHeader(ctx, s.header); err != nil {
		return nil, err
	}
	if err := grpc.SetTrailer(ctx, s.trailer); err != nil {
		return nil, err
	}
	return nil, s.st.Err()
}

// serveRefusing runs srv on a loopback port and returns a client for it.
func serveRefusing(t *testing.T, srv *refusingCloud) *cloudops.Client {
	t.Helper()
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gs := grpc.NewServer()
	cloudservice.RegisterCloudServiceServer(gs, srv)
	go func() { _ = gs.Serve(lis) }()
	t.Cleanup(gs.Stop)
	c, err := cloudops.New(cloudops.Options{Address: lis.Addr().String(), APIKey: testKey, Insecure: true, CallTimeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// TestUnclassifiedCodeOverTheWire checks that a code the table does not know
// reaches the caller as KindInternal marked unclassified, with the code, the
// server's message and its request ID (sent as a header or as a trailer),
// and that Error() shows all of them.
func TestUnclassifiedCodeOverTheWire(t *testing.T) {
	tests := []struct {
		name            string
		header, trailer metadata.MD
	}{
		{"request id in the header", metadata.Pairs("x-request-id", "req-7f3a"), nil},
		{"request id in the trailer", nil, metadata.Pairs("x-request-id", "req-7f3a")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := serveRefusing(t, &refusingCloud{
				st:     status.New(codes.DataLoss, "namespace record unreadable"),
				header: tt.header, trailer: tt.trailer,
			})
			_, err := c.GetCapacity(ctxT(t), payments)
			ce := wantKind(t, err, clients.KindInternal)
			if !ce.Unclassified || ce.Op != "GetNamespace" || ce.Namespace != payments || ce.Code != "DataLoss" ||
				ce.Message != "namespace record unreadable" || ce.RequestID != "req-7f3a" {
				t.Fatalf("error lacks what a person needs: %+v", ce)
			}
			if status.Code(errors.Unwrap(ce)) != codes.DataLoss {
				t.Fatalf("the raw status is lost: %v", errors.Unwrap(ce))
			}
			for _, want := range []string{"GetNamespace " + payments, "unclassified DataLoss", "namespace record unreadable", "request id req-7f3a"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Error() %q lacks %q", err, want)
				}
			}
		})
	}
}
