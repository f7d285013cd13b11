package cloudops

import (
	"context"
	"errors"
	"fmt"
	"math"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	"google.golang.org/grpc"
	"google.golang.org/protobuf/proto"

	"github.com/capacitybot/capacitybot/clients"
)

// SetCapacity asks for a namespace's capacity to become target. It sends the
// full current spec with only capacity_spec changed and the current resource
// version, so nothing else about the namespace can change by accident.
//
// asyncOperationID makes it idempotent: a retry after the request went
// through gets the same operation back instead of a second change. Nothing
// is sent when the namespace already runs at target (NoOp). A request of
// another operation still in progress is a KindInProgress error.
func (c *Client) SetCapacity(ctx context.Context, ns string, target clients.Capacity, asyncOperationID string) (clients.SetCapacityResult, error) {
	if err := validateTarget(ns, target); err != nil {
		return clients.SetCapacityResult{}, err
	}
	n, err := c.getNamespace(ctx, ns)
	if err != nil {
		return clients.SetCapacityResult{}, err
	}
	have := namespaceCapacity(n)
	if r := have.LatestRequest; r != nil && asyncOperationID != "" && r.AsyncOperationID == asyncOperationID {
		// Our own request went through before: report it, whatever its state.
		if !r.Target.Equal(target) {
			return clients.SetCapacityResult{}, &clients.Error{Op: "SetCapacity", Namespace: ns, Kind: clients.KindInvalid,
				Err: fmt.Errorf("async operation id %s was used for a change to %s, not %s", asyncOperationID, r.Target, target)}
		}
		op, err := c.GetAsyncOperation(ctx, asyncOperationID)
		if err != nil {
			return clients.SetCapacityResult{}, err
		}
		return clients.SetCapacityResult{Operation: &op}, nil
	}
	if have.RequestInProgress() {
		return clients.SetCapacityResult{}, &clients.Error{Op: "SetCapacity", Namespace: ns, Kind: clients.KindInProgress,
			Err: fmt.Errorf("capacity request %s to %s is still in progress", have.LatestRequest.AsyncOperationID, have.LatestRequest.Target)}
	}
	if have.Current.Mode == clients.ModeUnknown {
		// Neither the observed capacity nor the spec says anything: the API
		// version in use predates capacity (v0.10.0), and an update would
		// silently change nothing.
		return clients.SetCapacityResult{}, &clients.Error{Op: "SetCapacity", Namespace: ns, Kind: clients.KindInvalid,
			Err: errors.New("the namespace reports no capacity: use a temporal-cloud-api-version of v0.10.0 or later")}
	}
	if have.Current.Equal(target) {
		return clients.SetCapacityResult{NoOp: true}, nil
	}
	spec, ok := proto.Clone(n.GetSpec()).(*namespacev1.NamespaceSpec)
	if !ok || spec == nil {
		return clients.SetCapacityResult{}, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindMalformed,
			Err: errors.New("namespace has no spec to update")}
	}
	spec.CapacitySpec = toSpec(target)
	req := &cloudservice.UpdateNamespaceRequest{
		Namespace:        ns,
		Spec:             spec,
		ResourceVersion:  n.GetResourceVersion(),
		AsyncOperationId: asyncOperationID,
	}
	var resp *cloudservice.UpdateNamespaceResponse
	err = c.invoke(ctx, "UpdateNamespace", ns, func(ctx context.Context, opts ...grpc.CallOption) error {
		var err error
		resp, err = c.svc.UpdateNamespace(ctx, req, opts...)
		return err
	})
	if err != nil {
		if nothingToChange(err) {
			return clients.SetCapacityResult{NoOp: true}, nil
		}
		return clients.SetCapacityResult{}, err
	}
	if resp.GetAsyncOperation() == nil {
		return clients.SetCapacityResult{}, &clients.Error{Op: "UpdateNamespace", Namespace: ns, Kind: clients.KindMalformed,
			Err: errors.New("response carries no async operation")}
	}
	op := asyncOperation(resp.GetAsyncOperation())
	return clients.SetCapacityResult{Operation: &op}, nil
}

// validateTarget refuses a setting that cannot be sent.
func validateTarget(ns string, target clients.Capacity) error {
	var problem string
	switch {
	case ns == "":
		problem = "namespace is required"
	case target.Mode == clients.ModeOnDemand:
		return nil
	case target.Mode != clients.ModeProvisioned:
		problem = fmt.Sprintf("capacity mode %q is neither on-demand nor provisioned", target.Mode)
	case !(target.TRUs > 0) || math.IsInf(target.TRUs, 0):
		problem = fmt.Sprintf("provisioned capacity needs a positive TRU count, not %v", target.TRUs)
	default:
		return nil
	}
	return &clients.Error{Op: "SetCapacity", Namespace: ns, Kind: clients.KindInvalid, Err: errors.New(problem)}
}

// nothingToChange recognises the service's answer to an update that changes
// nothing (tcld's isNothingChangedErr does the same); classify marks it.
func nothingToChange(err error) bool {
	var n nothingChanged
	return errors.As(err, &n)
}
