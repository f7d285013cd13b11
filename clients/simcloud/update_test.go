package simcloud

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	operationv1 "go.temporal.io/cloud-sdk/api/operation/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/capacitybot/capacitybot/clients"
)

const payments = "payments.demo42"

// updateReq builds an update from the namespace as it is now, with its spec
// passed through edit.
func updateReq(t *testing.T, cl cloudservice.CloudServiceClient, ctx context.Context, ns string, target clients.Capacity, opID string, edit func(*namespacev1.NamespaceSpec)) *cloudservice.UpdateNamespaceRequest {
	t.Helper()
	resp, err := cl.GetNamespace(ctx, &cloudservice.GetNamespaceRequest{Namespace: ns})
	if err != nil {
		t.Fatalf("GetNamespace: %v", err)
	}
	spec := proto.Clone(resp.GetNamespace().GetSpec()).(*namespacev1.NamespaceSpec)
	spec.CapacitySpec = capacitySpec(target)
	if edit != nil {
		edit(spec)
	}
	return &cloudservice.UpdateNamespaceRequest{Namespace: ns, Spec: spec,
		ResourceVersion: resp.GetNamespace().GetResourceVersion(), AsyncOperationId: opID}
}

func TestUpdateRefusals(t *testing.T) {
	tests := []struct {
		name    string
		ns      string
		target  clients.Capacity
		edit    func(*namespacev1.NamespaceSpec)
		req     func(*cloudservice.UpdateNamespaceRequest)
		code    codes.Code
		message string
	}{
		{name: "partial spec", ns: payments, target: clients.Provisioned(4),
			edit: func(s *namespacev1.NamespaceSpec) { s.RetentionDays = 0; s.CodecServer = nil },
			code: codes.InvalidArgument, message: "missing fields that are set on the namespace (codec_server, retention_days)"},
		{name: "other field changed", ns: payments, target: clients.Provisioned(4),
			edit: func(s *namespacev1.NamespaceSpec) { s.RetentionDays = 1 },
			code: codes.InvalidArgument, message: "retention_days"},
		{name: "capacity spec dropped", ns: payments, target: clients.Provisioned(4),
			edit: func(s *namespacev1.NamespaceSpec) { s.CapacitySpec = nil },
			code: codes.InvalidArgument, message: "capacity_spec is required"},
		{name: "nothing to change", ns: payments, target: clients.OnDemand(),
			code: codes.InvalidArgument, message: "nothing to change"},
		{name: "TRU value not valid", ns: payments, target: clients.Provisioned(5),
			code: codes.InvalidArgument, message: "invalid TRU value 5"},
		{name: "above max available", ns: "inventory-sync.demo42", target: clients.Provisioned(6),
			code: codes.InvalidArgument, message: "not enough capacity available"},
		{name: "stale resource version", ns: payments, target: clients.Provisioned(4),
			req:  func(r *cloudservice.UpdateNamespaceRequest) { r.ResourceVersion = "rv-0" },
			code: codes.FailedPrecondition, message: "resource version mismatch"},
		{name: "no spec", ns: payments, target: clients.Provisioned(4),
			req:  func(r *cloudservice.UpdateNamespaceRequest) { r.Spec = nil },
			code: codes.InvalidArgument, message: "spec is required"},
		{name: "unknown namespace", ns: "nope.demo42", target: clients.Provisioned(4),
			code: codes.NotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := startCloud(t, DemoAccount(), Options{})
			cl, ctx := rawClient(t, c), callCtx(t)
			var req *cloudservice.UpdateNamespaceRequest
			if tt.code == codes.NotFound {
				req = &cloudservice.UpdateNamespaceRequest{Namespace: tt.ns, Spec: &namespacev1.NamespaceSpec{}}
			} else {
				req = updateReq(t, cl, ctx, tt.ns, tt.target, "op-1", tt.edit)
			}
			if tt.req != nil {
				tt.req(req)
			}
			_, before, _ := c.Snapshot(tt.ns)
			_, err := cl.UpdateNamespace(ctx, req)
			st := status.Convert(err)
			if st.Code() != tt.code || !strings.Contains(st.Message(), tt.message) {
				t.Fatalf("got %v %q, want %v containing %q", st.Code(), st.Message(), tt.code, tt.message)
			}
			_, after, _ := c.Snapshot(tt.ns)
			if !reflect.DeepEqual(before, after) {
				t.Fatalf("refused update changed the namespace: %+v -> %+v", before, after)
			}
			if n := c.Stats().UpdatesApplied; n != 0 {
				t.Fatalf("UpdatesApplied = %d after a refusal", n)
			}
		})
	}
}

func TestUpdateLifecycle(t *testing.T) {
	c, clock := startCloud(t, DemoAccount(), Options{OpDelay: 2 * time.Minute, CheckDuration: 10 * time.Second})
	cl, ctx := rawClient(t, c), callCtx(t)
	c.SetUsage(payments, 500, 120) // throttled on-demand at 500

	req := updateReq(t, cl, ctx, payments, clients.Provisioned(4), "boost-1", nil)
	resp, err := cl.UpdateNamespace(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	op := resp.GetAsyncOperation()
	if op.GetId() != "boost-1" || op.GetState() != operationv1.AsyncOperation_STATE_IN_PROGRESS || op.GetCheckDuration().AsDuration() != 10*time.Second {
		t.Fatalf("operation = %v", op)
	}

	// In progress: capacity unchanged, request in progress, others refused.
	_, nc, _ := c.Snapshot(payments)
	if !nc.Current.Equal(clients.OnDemand()) || !nc.RequestInProgress() || nc.State != "updating" {
		t.Fatalf("in progress snapshot = %+v", nc)
	}
	again := updateReq(t, cl, ctx, payments, clients.Provisioned(6), "boost-2", nil)
	if _, err := cl.UpdateNamespace(ctx, again); status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "in progress") {
		t.Fatalf("second change while in progress: %v", err)
	}
	// The same request retried (even with an old version) gets the same operation.
	dup, err := cl.UpdateNamespace(ctx, req)
	if err != nil || dup.GetAsyncOperation().GetId() != "boost-1" {
		t.Fatalf("idempotent retry: %v, %v", dup, err)
	}
	other := proto.Clone(req).(*cloudservice.UpdateNamespaceRequest)
	other.Spec.CapacitySpec = capacitySpec(clients.Provisioned(8))
	if _, err := cl.UpdateNamespace(ctx, other); status.Code(err) != codes.InvalidArgument {
		t.Fatalf("op id reused for another change: %v", err)
	}

	clock.Advance(2 * time.Minute)
	got, err := cl.GetAsyncOperation(ctx, &cloudservice.GetAsyncOperationRequest{AsyncOperationId: "boost-1"})
	if err != nil || got.GetAsyncOperation().GetState() != operationv1.AsyncOperation_STATE_FULFILLED || got.GetAsyncOperation().GetFinishedTime() == nil {
		t.Fatalf("after delay: %v, %v", got, err)
	}
	n, nc, _ := c.Snapshot(payments)
	if !nc.Current.Equal(clients.Provisioned(4)) || nc.LatestRequest.State != clients.RequestCompleted || nc.APSLimit != 2000 || nc.State != "active" {
		t.Fatalf("after completion = %+v", nc)
	}
	if n.APS != 620 || n.ThrottledPerSec != 0 {
		t.Fatalf("usage after a 2000 APS limit: aps %v throttled %v, want 620 and 0", n.APS, n.ThrottledPerSec)
	}
	if c.Stats().UpdatesApplied != 1 {
		t.Fatalf("UpdatesApplied = %d, want 1", c.Stats().UpdatesApplied)
	}

	// And back: the offered load is throttled again by the on-demand limit.
	back := updateReq(t, cl, ctx, payments, clients.OnDemand(), "", nil)
	resp, err = cl.UpdateNamespace(ctx, back)
	if err != nil || !strings.HasPrefix(resp.GetAsyncOperation().GetId(), "sim-op-") {
		t.Fatalf("revert: %v, %v", resp, err)
	}
	clock.Advance(2 * time.Minute)
	n, nc, _ = c.Snapshot(payments)
	if !nc.Current.Equal(clients.OnDemand()) || nc.APSLimit != 500 || n.APS != 500 || n.ThrottledPerSec != 120 {
		t.Fatalf("after revert: %+v aps %v throttled %v", nc, n.APS, n.ThrottledPerSec)
	}
}

func TestOperationFaults(t *testing.T) {
	tests := []struct {
		kind      FaultKind
		wantState operationv1.AsyncOperation_State
		wantReq   clients.RequestState
	}{
		{FaultOpStuck, operationv1.AsyncOperation_STATE_IN_PROGRESS, clients.RequestInProgress},
		{FaultOpFails, operationv1.AsyncOperation_STATE_FAILED, clients.RequestFailed},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			c, clock := startCloud(t, DemoAccount(), Options{})
			cl, ctx := rawClient(t, c), callCtx(t)
			c.Inject(Fault{Method: "UpdateNamespace", Namespace: payments, Kind: tt.kind, Times: 1})
			if _, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(4), "op-x", nil)); err != nil {
				t.Fatal(err)
			}
			clock.Advance(24 * time.Hour)
			got, err := cl.GetAsyncOperation(ctx, &cloudservice.GetAsyncOperationRequest{AsyncOperationId: "op-x"})
			if err != nil || got.GetAsyncOperation().GetState() != tt.wantState {
				t.Fatalf("operation: %v, %v; want %v", got, err, tt.wantState)
			}
			if tt.kind == FaultOpFails && got.GetAsyncOperation().GetFailureReason() == "" {
				t.Fatal("failed operation has no failure reason")
			}
			_, nc, _ := c.Snapshot(payments)
			if !nc.Current.Equal(clients.OnDemand()) || nc.LatestRequest.State != tt.wantReq {
				t.Fatalf("namespace = %+v", nc)
			}
			// After a failure the spec is back to what runs, and a new try works.
			if tt.kind == FaultOpFails {
				if _, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(4), "op-y", nil)); err != nil {
					t.Fatalf("retry after failure: %v", err)
				}
			}
		})
	}
}

func TestStaleVersionAndInventoryFaults(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	cl, ctx := rawClient(t, c), callCtx(t)

	remove := c.Inject(Fault{Method: "UpdateNamespace", Kind: FaultStaleVersion})
	_, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(4), "a", nil))
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "resource version") {
		t.Fatalf("stale version: %v", err)
	}
	remove()

	c.Inject(Fault{Kind: FaultOutOfInventory, Times: 1})
	_, err = cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(8), "b", nil))
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "not enough capacity available") {
		t.Fatalf("out of inventory: %v", err)
	}
	n, _, _ := c.Snapshot(payments)
	if n.MaxAvailableTRUs != 6 {
		t.Fatalf("max available = %v, want 6 (highest valid value under 8)", n.MaxAvailableTRUs)
	}
	if _, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(6), "c", nil)); err != nil {
		t.Fatalf("a value within inventory: %v", err)
	}
}
