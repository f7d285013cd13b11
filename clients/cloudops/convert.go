package cloudops

import (
	"sort"
	"strings"
	"time"

	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	operationv1 "go.temporal.io/cloud-sdk/api/operation/v1"
	resourcev1 "go.temporal.io/cloud-sdk/api/resource/v1"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/capacitybot/capacitybot/clients"
)

// defaultCheckDuration is used when an operation does not say when to look
// again.
const defaultCheckDuration = 5 * time.Second

// observedCapacity reads the mode the namespace runs at now from
// Namespace.capacity (the observed state; the spec is only what was asked).
func observedCapacity(c *namespacev1.Capacity) (clients.Capacity, bool) {
	switch {
	case c.GetProvisioned() != nil:
		return clients.Provisioned(c.GetProvisioned().GetCurrentValue()), true
	case c.GetOnDemand() != nil:
		return clients.OnDemand(), true
	}
	return clients.Capacity{Mode: clients.ModeUnknown}, false
}

// specCapacity reads a requested capacity.
func specCapacity(s *namespacev1.CapacitySpec) (clients.Capacity, bool) {
	switch {
	case s.GetProvisioned() != nil:
		return clients.Provisioned(s.GetProvisioned().GetValue()), true
	case s.GetOnDemand() != nil:
		return clients.OnDemand(), true
	}
	return clients.Capacity{Mode: clients.ModeUnknown}, false
}

// toSpec is the proto form of a capacity setting.
func toSpec(c clients.Capacity) *namespacev1.CapacitySpec {
	if c.Mode == clients.ModeProvisioned {
		return &namespacev1.CapacitySpec{Spec: &namespacev1.CapacitySpec_Provisioned_{
			Provisioned: &namespacev1.CapacitySpec_Provisioned{Value: c.TRUs}}}
	}
	return &namespacev1.CapacitySpec{Spec: &namespacev1.CapacitySpec_OnDemand_{OnDemand: &namespacev1.CapacitySpec_OnDemand{}}}
}

// namespaceCapacity maps GetNamespace's answer.
func namespaceCapacity(ns *namespacev1.Namespace) clients.NamespaceCapacity {
	out := clients.NamespaceCapacity{
		Namespace:       ns.GetNamespace(),
		APSLimit:        float64(ns.GetLimits().GetActionsPerSecondLimit()),
		ResourceVersion: ns.GetResourceVersion(),
		State:           resourceState(ns.GetState()),
	}
	current, ok := observedCapacity(ns.GetCapacity())
	if !ok {
		// No observed capacity (an older API version or a namespace the
		// service does not report on): the spec is the best we know. It is
		// the desired state, so it can run ahead of reality while a change
		// is applied; with neither, the mode stays unknown, never guessed.
		current, _ = specCapacity(ns.GetSpec().GetCapacitySpec())
	}
	out.Current = current
	if r := ns.GetCapacity().GetLatestRequest(); r != nil {
		target, _ := specCapacity(r.GetSpec())
		out.LatestRequest = &clients.CapacityRequest{
			State:            requestState(r.GetState()),
			AsyncOperationID: r.GetAsyncOperationId(),
			Target:           target,
			StartTime:        timeOf(r.GetStartTime()),
			EndTime:          timeOf(r.GetEndTime()),
		}
	}
	return out
}

func capacityInfo(ns string, info *namespacev1.NamespaceCapacityInfo) clients.CapacityInfo {
	current, _ := observedCapacity(info.GetCurrentCapacity())
	prov := info.GetModeOptions().GetProvisioned()
	valid := append([]float64(nil), prov.GetValidTruValues()...)
	sort.Float64s(valid)
	aps := info.GetStats().GetAps()
	name := info.GetNamespace()
	if name == "" {
		name = ns
	}
	return clients.CapacityInfo{
		Namespace:        name,
		Current:          current,
		ValidTRUs:        valid,
		MaxAvailableTRUs: prov.GetMaxAvailableTruValue(),
		OnDemandAPSLimit: info.GetModeOptions().GetOnDemand().GetApsLimit(),
		APS:              clients.APSStats{Mean: aps.GetMean(), P90: aps.GetP90(), P99: aps.GetP99()},
		HasLegacyLimits:  info.GetHasLegacyLimits(),
	}
}

func asyncOperation(op *operationv1.AsyncOperation) clients.AsyncOperation {
	check := defaultCheckDuration
	if d := op.GetCheckDuration(); d != nil && d.AsDuration() > 0 {
		check = d.AsDuration()
	}
	return clients.AsyncOperation{
		ID:            op.GetId(),
		State:         operationState(op.GetState()),
		CheckDuration: check,
		Type:          op.GetOperationType(),
		FailureReason: op.GetFailureReason(),
		StartedTime:   timeOf(op.GetStartedTime()),
		FinishedTime:  timeOf(op.GetFinishedTime()),
	}
}

func requestState(s namespacev1.Capacity_Request_State) clients.RequestState {
	switch s {
	case namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_COMPLETED:
		return clients.RequestCompleted
	case namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_IN_PROGRESS:
		return clients.RequestInProgress
	case namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_FAILED:
		return clients.RequestFailed
	}
	return clients.RequestUnspecified
}

func operationState(s operationv1.AsyncOperation_State) clients.OperationState {
	switch s {
	case operationv1.AsyncOperation_STATE_PENDING:
		return clients.OpPending
	case operationv1.AsyncOperation_STATE_IN_PROGRESS:
		return clients.OpInProgress
	case operationv1.AsyncOperation_STATE_FAILED:
		return clients.OpFailed
	case operationv1.AsyncOperation_STATE_CANCELLED:
		return clients.OpCancelled
	case operationv1.AsyncOperation_STATE_FULFILLED:
		return clients.OpFulfilled
	case operationv1.AsyncOperation_STATE_REJECTED:
		return clients.OpRejected
	}
	return clients.OpUnspecified
}

// resourceState renders "RESOURCE_STATE_ACTIVE" as "active".
func resourceState(s resourcev1.ResourceState) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "RESOURCE_STATE_"))
}

func timeOf(t *timestamppb.Timestamp) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.AsTime()
}
