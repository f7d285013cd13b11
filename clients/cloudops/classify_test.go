package cloudops

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

func TestClassify(t *testing.T) {
	withInfo, _ := status.New(codes.ResourceExhausted, "slow down").WithDetails(&errdetails.RetryInfo{RetryDelay: durationpb.New(1500 * time.Millisecond)})
	tests := []struct {
		name      string
		err       error
		header    metadata.MD
		trailer   metadata.MD
		want      clients.ErrorKind
		wantAfter time.Duration
	}{
		{"unavailable", status.Error(codes.Unavailable, "x"), nil, nil, clients.KindUnavailable, 0},
		{"deadline", status.Error(codes.DeadlineExceeded, "x"), nil, nil, clients.KindUnavailable, 0},
		{"canceled", status.Error(codes.Canceled, "x"), nil, nil, clients.KindUnavailable, 0},
		{"context deadline", fmt.Errorf("wrapped: %w", context.DeadlineExceeded), nil, nil, clients.KindUnavailable, 0},
		{"plain error", errors.New("boom"), nil, nil, clients.KindInternal, 0},
		{"exhausted, no hint", status.Error(codes.ResourceExhausted, "x"), nil, nil, clients.KindRateLimited, 0},
		{"exhausted, trailer", status.Error(codes.ResourceExhausted, "x"), nil, metadata.Pairs("retry-after", "4"), clients.KindRateLimited, 4 * time.Second},
		{"exhausted, header wins", withInfo.Err(), metadata.Pairs("retry-after", "2"), nil, clients.KindRateLimited, 2 * time.Second},
		{"exhausted, RetryInfo", withInfo.Err(), nil, nil, clients.KindRateLimited, 1500 * time.Millisecond},
		{"exhausted, bad trailer falls back", withInfo.Err(), nil, metadata.Pairs("retry-after", "soon"), clients.KindRateLimited, 1500 * time.Millisecond},
		{"version mismatch", status.Error(codes.FailedPrecondition, "resource version mismatch"), nil, nil, clients.KindStaleVersion, 0},
		{"aborted version", status.Error(codes.Aborted, "resource_version is stale"), nil, nil, clients.KindStaleVersion, 0},
		{"aborted", status.Error(codes.Aborted, "conflict"), nil, nil, clients.KindStaleVersion, 0},
		{"request in progress", status.Error(codes.FailedPrecondition, "capacity request in progress"), nil, nil, clients.KindInProgress, 0},
		{"invalid in progress", status.Error(codes.InvalidArgument, "an update is in progress"), nil, nil, clients.KindInProgress, 0},
		{"invalid", status.Error(codes.InvalidArgument, "invalid TRU value"), nil, nil, clients.KindInvalid, 0},
		{"out of range", status.Error(codes.OutOfRange, "x"), nil, nil, clients.KindInvalid, 0},
		{"permission", status.Error(codes.PermissionDenied, "x"), nil, nil, clients.KindPermission, 0},
		{"unauthenticated", status.Error(codes.Unauthenticated, "x"), nil, nil, clients.KindPermission, 0},
		{"not found", status.Error(codes.NotFound, "x"), nil, nil, clients.KindNotFound, 0},
		{"internal", status.Error(codes.Internal, "x"), nil, nil, clients.KindInternal, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ce := classify("GetNamespace", "ns.acct", tt.err, tt.header, tt.trailer)
			if ce.Kind != tt.want || ce.RetryAfter != tt.wantAfter {
				t.Fatalf("got %s after %s, want %s after %s", ce.Kind, ce.RetryAfter, tt.want, tt.wantAfter)
			}
			if !errors.Is(ce, tt.err) || ce.Op != "GetNamespace" || ce.Namespace != "ns.acct" {
				t.Fatalf("error does not carry its context: %#v", ce)
			}
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"2", 2 * time.Second, true},
		{" 1.5 ", 1500 * time.Millisecond, true},
		{"750ms", 750 * time.Millisecond, true},
		{"-1", 0, false},
		{"later", 0, false},
		{"Mon, 02 Jan 2006 15:04:05 GMT", 0, true}, // in the past: no wait
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestNothingToChange(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{classify("UpdateNamespace", "n", status.Error(codes.InvalidArgument, "Nothing to change"), nil, nil), true},
		{classify("UpdateNamespace", "n", status.Error(codes.InvalidArgument, "invalid TRU value"), nil, nil), false},
		{classify("UpdateNamespace", "n", status.Error(codes.Unavailable, "nothing to change"), nil, nil), false},
		{errors.New("nothing to change"), false},
	}
	for i, tt := range tests {
		if got := nothingToChange(tt.err); got != tt.want {
			t.Errorf("case %d: nothingToChange(%v) = %v", i, tt.err, got)
		}
	}
}

// TestMissingVersionHeaderIsInvalid calls the simulated cloud without the
// version header (the SDK cannot be made to omit it) and checks the refusal
// reads as KindInvalid with the service's message.
func TestMissingVersionHeaderIsInvalid(t *testing.T) {
	cloud := simcloud.New(simcloud.DemoAccount(), simcloud.Options{APIKey: "k"})
	if err := cloud.Start(); err != nil {
		t.Fatal(err)
	}
	defer cloud.Close()
	conn, err := grpc.NewClient(cloud.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	ctx = metadata.AppendToOutgoingContext(ctx, "authorization", "Bearer k")
	_, err = cloudservice.NewCloudServiceClient(conn).GetNamespace(ctx, &cloudservice.GetNamespaceRequest{Namespace: "payments.demo42"})
	ce := classify("GetNamespace", "payments.demo42", err, nil, nil)
	if ce.Kind != clients.KindInvalid || status.Convert(err).Message() != "API version specified is invalid" {
		t.Fatalf("got %v", ce)
	}

	// The client sends the header: the same call through it succeeds.
	c, err := New(Options{Address: cloud.GRPCAddr(), APIKey: "k", Insecure: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.GetCapacity(ctx, "payments.demo42"); err != nil {
		t.Fatalf("client call: %v", err)
	}
}
