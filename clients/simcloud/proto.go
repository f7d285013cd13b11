package simcloud

import (
	"strings"
	"time"

	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	resourcev1 "go.temporal.io/cloud-sdk/api/resource/v1"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/capacitybot/capacitybot/clients"
)

// initialSpec is a full, realistic namespace spec, so that an update which
// drops fields is caught.
func initialSpec(n Namespace) *namespacev1.NamespaceSpec {
	return &namespacev1.NamespaceSpec{
		Name:          n.name(),
		RetentionDays: n.RetentionDays,
		ApiKeyAuth:    &namespacev1.ApiKeyAuthSpec{Enabled: true},
		SearchAttributes: map[string]namespacev1.NamespaceSpec_SearchAttributeType{
			"CustomerId": namespacev1.NamespaceSpec_SEARCH_ATTRIBUTE_TYPE_KEYWORD,
			"OrderTotal": namespacev1.NamespaceSpec_SEARCH_ATTRIBUTE_TYPE_DOUBLE,
		},
		CodecServer:  &namespacev1.CodecServerSpec{Endpoint: "https://codec." + n.name() + ".example.com", PassAccessToken: true},
		Lifecycle:    &namespacev1.LifecycleSpec{EnableDeleteProtection: true},
		Replicas:     []*namespacev1.ReplicaSpec{{Region: n.Region}},
		CapacitySpec: capacitySpec(n.Capacity),
	}
}

// capacitySpec is the proto form of a capacity setting.
func capacitySpec(c clients.Capacity) *namespacev1.CapacitySpec {
	if c.Mode == clients.ModeProvisioned {
		return &namespacev1.CapacitySpec{Spec: &namespacev1.CapacitySpec_Provisioned_{
			Provisioned: &namespacev1.CapacitySpec_Provisioned{Value: c.TRUs}}}
	}
	return &namespacev1.CapacitySpec{Spec: &namespacev1.CapacitySpec_OnDemand_{OnDemand: &namespacev1.CapacitySpec_OnDemand{}}}
}

// capacityFromSpec reads a requested capacity; ok is false when no mode is set.
func capacityFromSpec(s *namespacev1.CapacitySpec) (clients.Capacity, bool) {
	switch {
	case s.GetProvisioned() != nil:
		return clients.Provisioned(s.GetProvisioned().GetValue()), true
	case s.GetOnDemand() != nil:
		return clients.OnDemand(), true
	}
	return clients.Capacity{}, false
}

// capacityStatus is the observed capacity (Namespace.capacity).
func capacityStatus(current clients.Capacity, r *capRequest) *namespacev1.Capacity {
	out := &namespacev1.Capacity{}
	if current.Mode == clients.ModeProvisioned {
		out.CurrentMode = &namespacev1.Capacity_Provisioned_{Provisioned: &namespacev1.Capacity_Provisioned{CurrentValue: current.TRUs}}
	} else {
		out.CurrentMode = &namespacev1.Capacity_OnDemand_{OnDemand: &namespacev1.Capacity_OnDemand{}}
	}
	if r != nil {
		out.LatestRequest = &namespacev1.Capacity_Request{
			State: r.state, AsyncOperationId: r.opID, Spec: capacitySpec(r.target),
			StartTime: ts(r.start), EndTime: ts(r.end),
		}
	}
	return out
}

// resourceState is UPDATING while a capacity request runs, else ACTIVE.
func (st *nsState) resourceState() resourcev1.ResourceState {
	if st.request != nil && st.request.state == namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_IN_PROGRESS {
		return resourcev1.ResourceState_RESOURCE_STATE_UPDATING
	}
	return resourcev1.ResourceState_RESOURCE_STATE_ACTIVE
}

// resourceStateName renders a resource state the way clients/cloudops does:
// "active", "updating".
func resourceStateName(s resourcev1.ResourceState) string {
	return strings.ToLower(strings.TrimPrefix(s.String(), "RESOURCE_STATE_"))
}

// namespaceProto is the namespace as GetNamespace returns it. withCapacity
// is false for API versions older than v0.10.0, which do not know the
// capacity fields.
func (st *nsState) namespaceProto(withCapacity bool) *namespacev1.Namespace {
	ns := &namespacev1.Namespace{
		Namespace:        st.cfg.ID,
		ResourceVersion:  st.resourceVersion(),
		Spec:             proto.Clone(st.spec).(*namespacev1.NamespaceSpec),
		State:            st.resourceState(),
		ActiveRegion:     st.cfg.Region,
		Limits:           &namespacev1.Limits{ActionsPerSecondLimit: int32(st.cfg.apsLimit(st.current))},
		CreatedTime:      ts(st.created),
		LastModifiedTime: ts(st.modified),
		Endpoints: &namespacev1.Endpoints{
			GrpcAddress: st.cfg.ID + ".tmprl.cloud:7233",
			WebAddress:  "https://cloud.temporal.io/namespaces/" + st.cfg.ID,
		},
		Tags: st.cfg.Tags,
	}
	if st.request != nil {
		ns.AsyncOperationId = st.request.opID
	}
	if withCapacity && !st.cfg.OmitCapacityStatus {
		ns.Capacity = capacityStatus(st.current, st.request)
	}
	if !withCapacity {
		ns.Spec.CapacitySpec = nil
	}
	return ns
}

func ts(t time.Time) *timestamppb.Timestamp {
	if t.IsZero() {
		return nil
	}
	return timestamppb.New(t)
}
