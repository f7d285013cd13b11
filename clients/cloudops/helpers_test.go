package cloudops_test

import (
	"context"
	"errors"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	"go.temporal.io/cloud-sdk/cloudclient"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/clients/simcloud/simcloudtest"
)

const (
	testKey  = "cloudops-test-key"
	payments = "payments.demo42"
)

type fixture struct {
	cloud  *simcloud.Cloud
	client *cloudops.Client
	clock  *simcloudtest.Clock
}

// setup starts a simulated cloud (fake clock, API key) and a client for it.
func setup(t *testing.T, acct simcloud.Account, simOpts simcloud.Options, edit func(*cloudops.Options)) fixture {
	t.Helper()
	clock := simcloudtest.NewClock(time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC))
	if simOpts.Now == nil {
		simOpts.Now = clock.Now
	}
	simOpts.APIKey = testKey
	cloud := simcloud.New(acct, simOpts)
	if err := cloud.Start(); err != nil {
		t.Fatalf("starting simulated cloud: %v", err)
	}
	t.Cleanup(cloud.Close)
	opts := cloudops.Options{Address: cloud.GRPCAddr(), APIKey: testKey, Insecure: true, CallTimeout: 5 * time.Second}
	if edit != nil {
		edit(&opts)
	}
	client, err := cloudops.New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = client.Close() })
	return fixture{cloud: cloud, client: client, clock: clock}
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// wantKind fails unless err is a *clients.Error of kind k with the given
// retryability.
func wantKind(t *testing.T, err error, k clients.ErrorKind) *clients.Error {
	t.Helper()
	var ce *clients.Error
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *clients.Error", err, err)
	}
	if ce.Kind != k {
		t.Fatalf("kind = %s, want %s (error: %v)", ce.Kind, k, err)
	}
	if clients.IsRetryable(err) != k.Retryable() {
		t.Fatalf("IsRetryable = %v for kind %s", clients.IsRetryable(err), k)
	}
	return ce
}

// rawSpec reads a namespace's spec directly, to check what an update kept.
func rawSpec(t *testing.T, f fixture, ns string) *namespacev1.NamespaceSpec {
	t.Helper()
	cc, err := cloudclient.New(cloudclient.Options{HostPort: f.cloud.GRPCAddr(), APIKey: testKey, AllowInsecure: true, DisableRetry: true})
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Close()
	resp, err := cc.CloudService().GetNamespace(ctxT(t), &cloudservice.GetNamespaceRequest{Namespace: ns})
	if err != nil {
		t.Fatalf("raw GetNamespace: %v", err)
	}
	return resp.GetNamespace().GetSpec()
}

// waitOp polls an operation at its check duration (advancing the fake
// clock by it) until it is done or the attempts run out.
func waitOp(t *testing.T, f fixture, id string) clients.AsyncOperation {
	t.Helper()
	for range 200 {
		op, err := f.client.GetAsyncOperation(ctxT(t), id)
		if err != nil {
			t.Fatalf("GetAsyncOperation: %v", err)
		}
		if op.Done() {
			return op
		}
		f.clock.Advance(op.CheckDuration)
	}
	t.Fatalf("operation %s never finished", id)
	return clients.AsyncOperation{}
}
