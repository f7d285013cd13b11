package workflows

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
)

// CapacityReading is what the boost workflow learns about a namespace before
// changing it. Policy and Simulated travel with it so that the workflow reads
// them from history, staying deterministic even if the worker's settings
// change between replays.
type CapacityReading struct {
	Capacity  clients.NamespaceCapacity `json:"capacity"`
	Info      clients.CapacityInfo      `json:"info"`
	Policy    Policy                    `json:"policy"`
	Simulated bool                      `json:"simulated"`
}

// Verification is the outcome of comparing a namespace's capacity with the
// one a boost expects.
type Verification struct {
	Observed clients.Capacity     `json:"observed"`
	State    clients.RequestState `json:"state,omitempty"` // latest request, when known
	Matches  bool                 `json:"matches"`
}

// ReadCapacity reads a namespace's capacity and the values it may be set to.
func (a *Activities) ReadCapacity(ctx context.Context, namespace string) (CapacityReading, error) {
	defer keepAlive(ctx)()
	nc, err := a.Cloud.GetCapacity(ctx, namespace)
	if err != nil {
		return CapacityReading{}, boostActivityError(fmt.Errorf("reading capacity of %s: %w", namespace, err))
	}
	info, err := a.Cloud.GetCapacityInfo(ctx, namespace)
	if err != nil {
		return CapacityReading{}, boostActivityError(fmt.Errorf("reading capacity options of %s: %w", namespace, err))
	}
	return CapacityReading{Capacity: nc, Info: info, Policy: a.Policy, Simulated: a.Simulated}, nil
}

// ApplyCapacity asks Temporal Cloud to set a namespace's capacity. The
// operation ID is derived from the workflow, so a retried attempt is treated
// by Cloud Ops as the same request and never applies twice.
func (a *Activities) ApplyCapacity(ctx context.Context, namespace string, target clients.Capacity, operationID string) (clients.SetCapacityResult, error) {
	defer keepAlive(ctx)()
	res, err := a.Cloud.SetCapacity(ctx, namespace, target, operationID)
	if err != nil {
		return clients.SetCapacityResult{}, boostActivityError(fmt.Errorf("setting %s to %s: %w", namespace, target, err))
	}
	a.boostLogger().Info("capacity change requested", zap.String("namespace", namespace),
		zap.Stringer("target", target), zap.String("operation_id", operationID), zap.Bool("noop", res.NoOp))
	return res, nil
}

// GetOperation reads a Cloud Ops async operation once; the workflow polls.
func (a *Activities) GetOperation(ctx context.Context, id string) (clients.AsyncOperation, error) {
	defer keepAlive(ctx)()
	op, err := a.Cloud.GetAsyncOperation(ctx, id)
	if err != nil {
		return clients.AsyncOperation{}, boostActivityError(fmt.Errorf("reading operation %s: %w", id, err))
	}
	return op, nil
}

// VerifyCapacity reads a namespace's capacity and reports whether it is the
// expected one with no change still in progress.
func (a *Activities) VerifyCapacity(ctx context.Context, namespace string, want clients.Capacity) (Verification, error) {
	defer keepAlive(ctx)()
	nc, err := a.Cloud.GetCapacity(ctx, namespace)
	if err != nil {
		return Verification{}, boostActivityError(fmt.Errorf("verifying capacity of %s: %w", namespace, err))
	}
	v := Verification{Observed: nc.Current}
	if nc.LatestRequest != nil {
		v.State = nc.LatestRequest.State
	}
	// A failed latest request does not matter when the capacity is the one wanted
	// (e.g. verifying that a refused boost left the namespace as it was).
	v.Matches = nc.Current.Equal(want) && !nc.RequestInProgress()
	return v, nil
}

// boostActivityError turns a client error into an activity error that tells
// Temporal whether to retry: final kinds (invalid, permission, not found,
// malformed) are not retried, and a rate limit waits as long as the server
// asked. The error type is the client error kind, so the workflow can tell
// a change that was surely not made from one that may have been.
func boostActivityError(err error) error {
	kind := clients.KindOf(err)
	if !kind.Retryable() {
		return temporal.NewNonRetryableApplicationError(err.Error(), string(kind), nil)
	}
	return temporal.NewApplicationErrorWithOptions(err.Error(), string(kind), temporal.ApplicationErrorOptions{
		NextRetryDelay: clients.RetryAfterOf(err),
	})
}

// boostLogger returns the activities' logger, or a no-op one in tests that set none.
func (a *Activities) boostLogger() *zap.Logger {
	if a.Logger == nil {
		return zap.NewNop()
	}
	return a.Logger
}
