package workflows

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/capacitybot/capacitybot/clients"
)

func TestBoostActivityErrorRetryability(t *testing.T) {
	tests := []struct {
		kind         clients.ErrorKind
		retryAfter   time.Duration
		nonRetryable bool
	}{
		{clients.KindUnavailable, 0, false},
		{clients.KindRateLimited, 7 * time.Second, false},
		{clients.KindStaleVersion, 0, false},
		{clients.KindInProgress, 0, false},
		{clients.KindInvalid, 0, true},
		{clients.KindPermission, 0, true},
		{clients.KindNotFound, 0, true},
		{clients.KindMalformed, 0, true},
	}
	for _, tc := range tests {
		err := boostActivityError(&clients.Error{Op: "UpdateNamespace", Kind: tc.kind, RetryAfter: tc.retryAfter, Err: errors.New("boom")})
		var appErr *temporal.ApplicationError
		if !errors.As(err, &appErr) {
			t.Fatalf("%s: %T is not an application error", tc.kind, err)
		}
		if appErr.NonRetryable() != tc.nonRetryable || appErr.Type() != string(tc.kind) || appErr.NextRetryDelay() != tc.retryAfter {
			t.Errorf("%s: non-retryable %v type %q delay %s", tc.kind, appErr.NonRetryable(), appErr.Type(), appErr.NextRetryDelay())
		}
		if got := boostSurelyNotApplied(err); got != tc.nonRetryable {
			t.Errorf("%s: surely not applied = %v", tc.kind, got)
		}
	}
}

func TestVerifyCapacity(t *testing.T) {
	ctx := context.Background()
	cloud := newBoostFakeCloud(boostNS, clients.Provisioned(4))
	a := &Activities{Cloud: cloud}
	v, err := a.VerifyCapacity(ctx, boostNS, clients.Provisioned(4))
	if err != nil || !v.Matches {
		t.Fatalf("at target: %+v %v", v, err)
	}
	if v, _ := a.VerifyCapacity(ctx, boostNS, clients.OnDemand()); v.Matches || !v.Observed.Equal(clients.Provisioned(4)) {
		t.Errorf("off target: %+v", v)
	}
	cloud.opDelay = time.Hour
	if _, err := a.ApplyCapacity(ctx, boostNS, clients.Provisioned(6), "op-1"); err != nil {
		t.Fatal(err)
	}
	if v, _ := a.VerifyCapacity(ctx, boostNS, clients.Provisioned(4)); v.Matches || v.State != clients.RequestInProgress {
		t.Errorf("with a request in progress: %+v, want no match", v)
	}
	if _, err := a.VerifyCapacity(ctx, "missing.ns", clients.OnDemand()); !boostSurelyNotApplied(err) {
		t.Errorf("missing namespace: %v, want a non-retryable error", err)
	}
}

func TestApplyCapacityIsIdempotentPerOperationID(t *testing.T) {
	ctx := context.Background()
	cloud := newBoostFakeCloud(boostNS, clients.OnDemand())
	cloud.opDelay = time.Hour
	a := &Activities{Cloud: cloud}
	first, err := a.ApplyCapacity(ctx, boostNS, clients.Provisioned(4), "wf-run-apply")
	if err != nil {
		t.Fatal(err)
	}
	again, err := a.ApplyCapacity(ctx, boostNS, clients.Provisioned(4), "wf-run-apply")
	if err != nil || again.Operation == nil || again.Operation.ID != first.Operation.ID {
		t.Fatalf("retried apply: %+v %v, want the same operation", again, err)
	}
	if _, err := a.ApplyCapacity(ctx, boostNS, clients.Provisioned(6), "other"); err == nil || boostSurelyNotApplied(err) {
		t.Errorf("apply during a change: %v, want a retryable in-progress error", err)
	}
}
