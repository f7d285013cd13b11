package cloudops_test

import (
	"context"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// callFor runs one client method, the one a fault on rpc would hit.
func callFor(f fixture, rpc string) func(ctx context.Context) error {
	switch rpc {
	case "GetNamespaces":
		return func(ctx context.Context) error { _, err := f.client.ListNamespaces(ctx); return err }
	case "GetNamespaceCapacityInfo":
		return func(ctx context.Context) error { _, err := f.client.GetCapacityInfo(ctx, payments); return err }
	case "UpdateNamespace":
		return func(ctx context.Context) error {
			_, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "op-fault")
			return err
		}
	case "GetAsyncOperation":
		return func(ctx context.Context) error {
			_, err := f.client.GetAsyncOperation(ctx, "initial-ledger-prod")
			return err
		}
	default:
		return func(ctx context.Context) error { _, err := f.client.GetCapacity(ctx, payments); return err }
	}
}

func TestCallFaults(t *testing.T) {
	rpcs := []string{"GetNamespaces", "GetNamespace", "GetNamespaceCapacityInfo", "UpdateNamespace", "GetAsyncOperation"}
	kinds := []struct {
		fault          simcloud.Fault
		want           clients.ErrorKind
		wantRetryAfter time.Duration
	}{
		{simcloud.Fault{Kind: simcloud.FaultUnavailable}, clients.KindUnavailable, 0},
		{simcloud.Fault{Kind: simcloud.FaultRateLimited, RetryAfter: 3 * time.Second}, clients.KindRateLimited, 3 * time.Second},
		{simcloud.Fault{Kind: simcloud.FaultTimeout, Delay: 20 * time.Millisecond}, clients.KindUnavailable, 0},
		{simcloud.Fault{Kind: simcloud.FaultTimeout}, clients.KindUnavailable, 0}, // until the client's call timeout
	}
	for _, rpc := range rpcs {
		for _, k := range kinds {
			name := rpc + "/" + k.fault.Kind.String()
			if k.fault.Kind == simcloud.FaultTimeout && k.fault.Delay == 0 {
				name += "-no-answer"
			}
			t.Run(name, func(t *testing.T) {
				f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, func(o *cloudops.Options) { o.CallTimeout = 300 * time.Millisecond })
				fault := k.fault
				fault.Method, fault.Times = rpc, 1
				f.cloud.Inject(fault)
				call := callFor(f, rpc)
				err := call(ctxT(t))
				ce := wantKind(t, err, k.want)
				if ce.RetryAfter != k.wantRetryAfter || clients.RetryAfterOf(err) != k.wantRetryAfter {
					t.Fatalf("RetryAfter = %s, want %s", ce.RetryAfter, k.wantRetryAfter)
				}
				if ce.Op != rpc {
					t.Fatalf("Op = %q, want %q", ce.Op, rpc)
				}
				// Times: 1, so the retry a caller would make goes through.
				if err := call(ctxT(t)); err != nil {
					t.Fatalf("second call: %v", err)
				}
			})
		}
	}
}

func TestFaultScopedToNamespace(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
	ctx := ctxT(t)
	f.cloud.Inject(simcloud.Fault{Namespace: "orders-prod.demo42", Kind: simcloud.FaultUnavailable})
	if _, err := f.client.GetCapacity(ctx, payments); err != nil {
		t.Fatalf("other namespace hit: %v", err)
	}
	_, err := f.client.GetCapacity(ctx, "orders-prod.demo42")
	wantKind(t, err, clients.KindUnavailable)
	if _, err := f.client.ListNamespaces(ctx); err != nil {
		t.Fatalf("account-wide call hit by a namespace fault: %v", err)
	}
}

func TestEveryNthCallFails(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
	f.cloud.Inject(simcloud.Fault{Method: "GetNamespace", Kind: simcloud.FaultUnavailable, Every: 3})
	var failed []int
	for i := 1; i <= 6; i++ {
		if _, err := f.client.GetCapacity(ctxT(t), payments); err != nil {
			wantKind(t, err, clients.KindUnavailable)
			failed = append(failed, i)
		}
	}
	if len(failed) != 2 || failed[0] != 3 || failed[1] != 6 {
		t.Fatalf("failed calls %v, want [3 6]", failed)
	}
}

func TestOutOfInventory(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
	ctx := ctxT(t)
	f.cloud.Inject(simcloud.Fault{Kind: simcloud.FaultOutOfInventory, Times: 1})
	_, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(8), "op-8")
	wantKind(t, err, clients.KindInvalid)
	info, err := f.client.GetCapacityInfo(ctx, payments)
	if err != nil || info.MaxAvailableTRUs >= 8 {
		t.Fatalf("max available = %v, %v; want below 8", info.MaxAvailableTRUs, err)
	}
	if _, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(info.MaxAvailableTRUs), "op-max"); err != nil {
		t.Fatalf("the max available value: %v", err)
	}
}

func TestWrongAPIKey(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, func(o *cloudops.Options) { o.APIKey = "not-the-key" })
	_, err := f.client.GetCapacity(ctxT(t), payments)
	wantKind(t, err, clients.KindPermission)
	_, err = f.client.ListNamespaces(ctxT(t))
	wantKind(t, err, clients.KindPermission)
}

func TestAPIVersions(t *testing.T) {
	if v := cloudops.DefaultAPIVersion(); v != "v0.26.0" {
		t.Fatalf("DefaultAPIVersion = %q; the SDK changed its default, check capacity fields still work", v)
	}
	for _, v := range []string{"", "v0.10.0", "v0.26.0"} {
		f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, func(o *cloudops.Options) { o.APIVersion = v })
		got, err := f.client.GetCapacity(ctxT(t), "ledger-prod.demo42")
		if err != nil || !got.Current.Equal(clients.Provisioned(4)) {
			t.Fatalf("version %q: %+v, %v", v, got, err)
		}
	}
}

func TestNewRejectsBadOptions(t *testing.T) {
	tests := []cloudops.Options{
		{Address: "127.0.0.1:1"},
		{Address: "127.0.0.1:1", APIKey: "k", APIVersion: "2025-07-09-00"},
		{Address: "127.0.0.1:1", APIKey: "k", RateLimit: -1},
		{Address: "127.0.0.1:1", APIKey: "k", PageSize: 1001},
	}
	for i, o := range tests {
		if c, err := cloudops.New(o); err == nil {
			_ = c.Close()
			t.Errorf("options %d accepted", i)
		}
	}
}

func TestUnreachableServiceIsUnavailable(t *testing.T) {
	c, err := cloudops.New(cloudops.Options{Address: "127.0.0.1:1", APIKey: "k", Insecure: true, CallTimeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.GetCapacity(ctxT(t), payments)
	wantKind(t, err, clients.KindUnavailable)
}

func TestCallerCancellation(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{Latency: time.Minute}, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := f.client.GetCapacity(ctx, payments)
	ce := wantKind(t, err, clients.KindUnavailable)
	if status.Code(ce.Err) != codes.DeadlineExceeded {
		t.Fatalf("error %v does not come from the deadline", err)
	}
}
