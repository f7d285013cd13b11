package simcloud

import (
	"context"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"

	"github.com/capacitybot/capacitybot/clients/simcloud/simcloudtest"
)

const testKey = "sim-test-key"

// clockStart is where the tests' clocks start.
var clockStart = time.Date(2026, 11, 26, 12, 0, 30, 0, time.UTC)

// startCloud starts a simulated cloud with a fake clock and stops it when
// the test ends.
func startCloud(t *testing.T, acct Account, opts Options) (*Cloud, *simcloudtest.Clock) {
	t.Helper()
	clock := simcloudtest.NewClock(clockStart)
	if opts.Now == nil {
		opts.Now = clock.Now
	}
	if opts.APIKey == "" {
		opts.APIKey = testKey
	}
	c := New(acct, opts)
	if err := c.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(c.Close)
	return c, clock
}

// rawClient is a plain gRPC CloudService client, so that tests control
// every header.
func rawClient(t *testing.T, c *Cloud) cloudservice.CloudServiceClient {
	t.Helper()
	conn, err := grpc.NewClient(c.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return cloudservice.NewCloudServiceClient(conn)
}

// callCtx carries the headers a well-behaved client sends.
func callCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return metadata.AppendToOutgoingContext(ctx, versionHeader, "v0.26.0", "authorization", "Bearer "+testKey)
}
