package cloudops_test

import (
	"math"
	"testing"
	"time"

	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// specWithoutCapacity is a namespace spec with capacity_spec cleared.
func specWithoutCapacity(s *namespacev1.NamespaceSpec) *namespacev1.NamespaceSpec {
	c := proto.Clone(s).(*namespacev1.NamespaceSpec)
	c.CapacitySpec = nil
	return c
}

func TestRoundTripOnDemandProvisionedOnDemand(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{OpDelay: 2 * time.Minute, CheckDuration: 10 * time.Second}, nil)
	ctx := ctxT(t)
	before := rawSpec(t, f, payments)

	steps := []struct {
		target    clients.Capacity
		opID      string
		wantLimit float64
		wantTRUs  float64 // served by the Metrics API
	}{
		{clients.Provisioned(4), "boost-payments-1", 2000, 4},
		{clients.OnDemand(), "revert-payments-1", 500, 0},
	}
	for _, s := range steps {
		res, err := f.client.SetCapacity(ctx, payments, s.target, s.opID)
		if err != nil {
			t.Fatalf("SetCapacity(%s): %v", s.target, err)
		}
		if res.NoOp || res.Operation == nil || res.Operation.ID != s.opID || res.Operation.State != clients.OpInProgress ||
			res.Operation.CheckDuration != 10*time.Second || res.Operation.Type != "UpdateNamespace" {
			t.Fatalf("SetCapacity(%s) = %+v %+v", s.target, res, res.Operation)
		}
		mid, err := f.client.GetCapacity(ctx, payments)
		if err != nil || !mid.RequestInProgress() || mid.LatestRequest.AsyncOperationID != s.opID || mid.Current.Equal(s.target) {
			t.Fatalf("while in progress: %+v %v", mid, err)
		}
		op := waitOp(t, f, s.opID)
		if !op.Succeeded() || op.FinishedTime.IsZero() || op.StartedTime.IsZero() {
			t.Fatalf("operation = %+v", op)
		}
		got, err := f.client.GetCapacity(ctx, payments)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Current.Equal(s.target) || got.APSLimit != s.wantLimit || got.LatestRequest.State != clients.RequestCompleted ||
			got.LatestRequest.EndTime.IsZero() || got.State != "active" {
			t.Fatalf("after %s: %+v %+v", s.target, got, got.LatestRequest)
		}
		after := rawSpec(t, f, payments)
		if !proto.Equal(specWithoutCapacity(before), specWithoutCapacity(after)) {
			t.Fatalf("the update changed more than capacity:\nbefore %v\nafter  %v", before, after)
		}
		if after.GetRetentionDays() != 60 || after.GetCodecServer().GetEndpoint() == "" || len(after.GetSearchAttributes()) != 2 {
			t.Fatalf("spec lost fields: %v", after)
		}
	}
	if got := f.cloud.Stats().UpdatesApplied; got != 2 {
		t.Fatalf("UpdatesApplied = %d, want 2", got)
	}
}

func TestSetCapacityNoOp(t *testing.T) {
	tests := []struct {
		ns     string
		target clients.Capacity
	}{
		{payments, clients.OnDemand()},
		{"ledger-prod.demo42", clients.Provisioned(4)},
	}
	for _, tt := range tests {
		t.Run(tt.ns, func(t *testing.T) {
			f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
			res, err := f.client.SetCapacity(ctxT(t), tt.ns, tt.target, "op-noop")
			if err != nil || !res.NoOp || res.Operation != nil {
				t.Fatalf("got %+v, %v; want NoOp", res, err)
			}
			if s := f.cloud.Stats(); s.Calls["UpdateNamespace"] != 0 || s.UpdatesApplied != 0 {
				t.Fatalf("an update was sent: %+v", s)
			}
		})
	}
}

func TestSetCapacityIdempotentRetry(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{OpDelay: time.Minute}, nil)
	ctx := ctxT(t)
	first, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "wf-boost-1")
	if err != nil {
		t.Fatal(err)
	}
	// Retried while in progress, and again after completion: same operation, one change.
	retry, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "wf-boost-1")
	if err != nil || retry.Operation == nil || retry.Operation.ID != first.Operation.ID || retry.Operation.State != clients.OpInProgress {
		t.Fatalf("retry in progress = %+v, %v", retry, err)
	}
	f.clock.Advance(time.Minute)
	late, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "wf-boost-1")
	if err != nil || late.Operation == nil || late.Operation.ID != "wf-boost-1" || !late.Operation.Succeeded() {
		t.Fatalf("retry after completion = %+v, %v", late, err)
	}
	if got := f.cloud.Stats().UpdatesApplied; got != 1 {
		t.Fatalf("UpdatesApplied = %d, want 1", got)
	}
	// The same id for a different change is a caller bug.
	_, err = f.client.SetCapacity(ctx, payments, clients.Provisioned(6), "wf-boost-1")
	wantKind(t, err, clients.KindInvalid)
}

func TestSetCapacityRefusedWhileInProgress(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{OpDelay: time.Hour}, nil)
	ctx := ctxT(t)
	if _, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "op-a"); err != nil {
		t.Fatal(err)
	}
	_, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(6), "op-b")
	ce := wantKind(t, err, clients.KindInProgress)
	if ce.Namespace != payments {
		t.Fatalf("error namespace %q", ce.Namespace)
	}
	// Even asking for what is already running is refused while a change is pending.
	_, err = f.client.SetCapacity(ctx, payments, clients.OnDemand(), "op-c")
	wantKind(t, err, clients.KindInProgress)
	if got := f.cloud.Stats().Calls["UpdateNamespace"]; got != 1 {
		t.Fatalf("UpdateNamespace sent %d times, want 1", got)
	}
}

func TestSetCapacityStaleVersion(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
	ctx := ctxT(t)
	f.cloud.Inject(simcloud.Fault{Method: "UpdateNamespace", Namespace: payments, Kind: simcloud.FaultStaleVersion, Times: 1})
	_, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "op-1")
	ce := wantKind(t, err, clients.KindStaleVersion)
	if ce.Op != "UpdateNamespace" {
		t.Fatalf("Op = %q", ce.Op)
	}
	// The retry re-reads the version and goes through.
	res, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "op-1")
	if err != nil || res.Operation == nil {
		t.Fatalf("retry: %+v, %v", res, err)
	}
}

func TestSetCapacityInvalidTargets(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
	tests := []struct {
		name   string
		ns     string
		target clients.Capacity
		sent   bool // whether the service is asked at all
	}{
		{"zero TRUs", payments, clients.Provisioned(0), false},
		{"negative TRUs", payments, clients.Provisioned(-2), false},
		{"NaN TRUs", payments, clients.Provisioned(math.NaN()), false},
		{"infinite TRUs", payments, clients.Provisioned(math.Inf(1)), false},
		{"no mode", payments, clients.Capacity{}, false},
		{"unknown mode", payments, clients.Capacity{Mode: clients.ModeUnknown}, false},
		{"no namespace", "", clients.Provisioned(4), false},
		{"TRU value not offered", payments, clients.Provisioned(5), true},
		{"above max available", "inventory-sync.demo42", clients.Provisioned(8), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.cloud.Stats().Calls["UpdateNamespace"]
			_, err := f.client.SetCapacity(ctxT(t), tt.ns, tt.target, "op-"+tt.name)
			wantKind(t, err, clients.KindInvalid)
			if sent := f.cloud.Stats().Calls["UpdateNamespace"] > before; sent != tt.sent {
				t.Fatalf("update sent = %v, want %v", sent, tt.sent)
			}
		})
	}
	if got := f.cloud.Stats().UpdatesApplied; got != 0 {
		t.Fatalf("UpdatesApplied = %d", got)
	}
}

func TestOperationOutcomes(t *testing.T) {
	tests := []struct {
		kind       simcloud.FaultKind
		wantState  clients.OperationState
		wantReq    clients.RequestState
		wantReason bool
	}{
		{simcloud.FaultOpFails, clients.OpFailed, clients.RequestFailed, true},
		{simcloud.FaultOpStuck, clients.OpInProgress, clients.RequestInProgress, false},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
			ctx := ctxT(t)
			f.cloud.Inject(simcloud.Fault{Method: "UpdateNamespace", Kind: tt.kind, Times: 1})
			if _, err := f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "op-1"); err != nil {
				t.Fatal(err)
			}
			f.clock.Advance(24 * time.Hour)
			op, err := f.client.GetAsyncOperation(ctx, "op-1")
			if err != nil || op.State != tt.wantState || (op.FailureReason != "") != tt.wantReason {
				t.Fatalf("operation = %+v, %v", op, err)
			}
			got, err := f.client.GetCapacity(ctx, payments)
			if err != nil || !got.Current.Equal(clients.OnDemand()) || got.LatestRequest.State != tt.wantReq {
				t.Fatalf("capacity = %+v, %v", got, err)
			}
			// A new attempt: refused while stuck, accepted after a failure.
			_, err = f.client.SetCapacity(ctx, payments, clients.Provisioned(4), "op-2")
			if tt.kind == simcloud.FaultOpStuck {
				wantKind(t, err, clients.KindInProgress)
			} else if err != nil {
				t.Fatalf("retry after failure: %v", err)
			}
		})
	}
}
