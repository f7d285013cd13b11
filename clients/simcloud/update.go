package simcloud

import (
	"context"
	"fmt"
	"sort"
	"strings"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	operationv1 "go.temporal.io/cloud-sdk/api/operation/v1"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	"github.com/capacitybot/capacitybot/clients"
)

// UpdateNamespace applies a capacity change the way the real service is
// known to: the full spec with the current resource version, refused while
// a capacity request runs, refused when nothing changes, completed later by
// an async operation. Only capacity changes are simulated.
func (s *service) UpdateNamespace(ctx context.Context, req *cloudservice.UpdateNamespaceRequest) (*cloudservice.UpdateNamespaceResponse, error) {
	c := s.c
	c.mu.Lock()
	defer c.unlock()
	now := c.opts.Now()
	c.settleLocked(now)
	st, err := c.lookupLocked(req.GetNamespace())
	if err != nil {
		return nil, err
	}
	if err := c.checkMayChange(st); err != nil {
		return nil, err
	}
	if req.GetSpec() == nil {
		return nil, status.Error(codes.InvalidArgument, "spec is required")
	}
	spec := req.GetSpec()
	if !capacityFieldsVisible(ctx) {
		// API versions before v0.10.0 do not know capacity_spec: the
		// namespace keeps what it has.
		spec = proto.Clone(spec).(*namespacev1.NamespaceSpec)
		spec.CapacitySpec = st.spec.GetCapacitySpec()
	}
	target, ok := capacityFromSpec(spec.GetCapacitySpec())
	if !ok {
		return nil, status.Error(codes.InvalidArgument, "spec.capacity_spec is required: send the full spec")
	}
	// A retried request with an operation id already used: the same change
	// gets the existing operation back, a different one is refused.
	if id := req.GetAsyncOperationId(); id != "" {
		if op, dup := c.ops[id]; dup {
			if op.namespace != st.cfg.ID || !op.target.Equal(target) {
				return nil, status.Errorf(codes.InvalidArgument, "async_operation_id %q was already used for a different request", id)
			}
			return &cloudservice.UpdateNamespaceResponse{AsyncOperation: c.operationProto(op)}, nil
		}
	}
	if _, ok := c.faults.take("UpdateNamespace", st.cfg.ID, FaultStaleVersion); ok {
		st.version++ // someone else updated the namespace just now
		c.markDirtyLocked()
	}
	if req.GetResourceVersion() != st.resourceVersion() {
		return nil, status.Errorf(codes.FailedPrecondition, "resource version mismatch: namespace is at %s, request has %q", st.resourceVersion(), req.GetResourceVersion())
	}
	if st.request != nil && st.request.state == namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_IN_PROGRESS {
		return nil, status.Errorf(codes.FailedPrecondition, "capacity request in progress (async operation %s)", st.request.opID)
	}
	if err := sameApartFromCapacity(st.spec, spec); err != nil {
		return nil, err
	}
	if proto.Equal(st.spec.GetCapacitySpec(), spec.GetCapacitySpec()) {
		return nil, status.Error(codes.InvalidArgument, "nothing to change")
	}
	if err := c.checkTarget(st, target); err != nil {
		return nil, err
	}

	id := req.GetAsyncOperationId()
	if id == "" {
		id = c.newOperationID()
	}
	op := &operation{
		id: id, namespace: st.cfg.ID, target: target, previous: st.current,
		prevSpec: st.spec.GetCapacitySpec(), started: now, dueAt: now.Add(c.opts.OpDelay),
		state: operationv1.AsyncOperation_STATE_IN_PROGRESS,
	}
	if f, hit := c.faults.take("UpdateNamespace", st.cfg.ID, FaultOpStuck, FaultOpFails); hit {
		op.stuck = f.Kind == FaultOpStuck
		op.fail = f.Kind == FaultOpFails
	}
	c.ops[id] = op
	st.spec = proto.Clone(spec).(*namespacev1.NamespaceSpec)
	st.version++
	st.modified = now
	st.request = &capRequest{state: namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_IN_PROGRESS,
		opID: id, target: target, start: now}
	c.stats.updateApplied()
	c.markDirtyLocked()
	if err := c.saveLocked(); err != nil {
		// The change stands in memory; a retry with the same operation id
		// gets it back and saves again.
		return nil, status.Errorf(codes.Unavailable, "simulated cloud could not save the change: %v", err)
	}
	return &cloudservice.UpdateNamespaceResponse{AsyncOperation: c.operationProto(op)}, nil
}

// checkTarget refuses TRU values the namespace cannot have. Not enough
// inventory is InvalidArgument (not ResourceExhausted): retrying the same
// value soon will not help, and ResourceExhausted means "slow down" to every
// client, ours included.
func (c *Cloud) checkTarget(st *nsState, target clients.Capacity) error {
	if target.Mode != clients.ModeProvisioned {
		return nil
	}
	v := target.TRUs
	if !st.cfg.validTRU(v) {
		return status.Errorf(codes.InvalidArgument, "invalid TRU value %v: valid values are %v", v, st.cfg.ValidTRUs)
	}
	if _, ok := c.faults.take("UpdateNamespace", st.cfg.ID, FaultOutOfInventory); ok {
		st.cfg.MaxAvailableTRUs = highestBelow(st.cfg.ValidTRUs, v)
		c.markDirtyLocked()
	}
	if v > st.cfg.MaxAvailableTRUs {
		return status.Errorf(codes.InvalidArgument, "not enough capacity available: at most %v TRUs can be set now", st.cfg.MaxAvailableTRUs)
	}
	return nil
}

// highestBelow is the highest valid value under v, or 0.
func highestBelow(valid []float64, v float64) float64 {
	best := 0.0
	for _, x := range valid {
		if x < v && x > best {
			best = x
		}
	}
	return best
}

// sameApartFromCapacity refuses a spec that is not the full current spec
// with only capacity_spec changed. A missing field is named, because a
// partial spec is the classic client bug this guards against.
func sameApartFromCapacity(have, got *namespacev1.NamespaceSpec) error {
	a := proto.Clone(have).(*namespacev1.NamespaceSpec)
	b := proto.Clone(got).(*namespacev1.NamespaceSpec)
	a.CapacitySpec, b.CapacitySpec = nil, nil
	if proto.Equal(a, b) {
		return nil
	}
	var missing, changed []string
	bm := b.ProtoReflect()
	a.ProtoReflect().Range(func(fd protoreflect.FieldDescriptor, _ protoreflect.Value) bool {
		if !bm.Has(fd) {
			missing = append(missing, string(fd.Name()))
		}
		return true
	})
	if len(missing) > 0 {
		sort.Strings(missing)
		return status.Errorf(codes.InvalidArgument, "spec is missing fields that are set on the namespace (%s): send the full spec", strings.Join(missing, ", "))
	}
	am := a.ProtoReflect()
	bm.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
		if !am.Has(fd) || !am.Get(fd).Equal(v) {
			changed = append(changed, string(fd.Name()))
		}
		return true
	})
	sort.Strings(changed)
	return status.Error(codes.InvalidArgument, fmt.Sprintf("the simulated cloud only changes capacity_spec; request also changes %s", strings.Join(changed, ", ")))
}
