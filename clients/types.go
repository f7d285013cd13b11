// Package clients holds the plain values that describe a Temporal Cloud
// account as the bot sees it (capacity settings, capacity info, async
// operations, usage snapshots) and the typed error every client returns. The
// clients themselves live in its subpackages: cloudops (the Cloud Ops API over
// the official cloud-sdk gRPC types), metrics (the Metrics API) and simcloud
// (a simulated account served on loopback). Keeping the values here, with no
// transport code, lets workflows carry them through activity results without
// importing gRPC or HTTP clients.
package clients

import (
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

// Mode is a namespace's capacity mode.
type Mode string

// Capacity modes. ModeUnknown is used when the mode could not be read, so that
// a failed read is never mistaken for on-demand.
const (
	ModeOnDemand    Mode = "on-demand"
	ModeProvisioned Mode = "provisioned"
	ModeUnknown     Mode = "unknown"
)

// Capacity is a capacity setting: on-demand, or provisioned with a TRU count.
type Capacity struct {
	Mode Mode    `json:"mode"`
	TRUs float64 `json:"trus,omitempty"`
}

// OnDemand is the on-demand capacity setting.
func OnDemand() Capacity { return Capacity{Mode: ModeOnDemand} }

// Provisioned is a provisioned capacity setting of n TRUs.
func Provisioned(n float64) Capacity { return Capacity{Mode: ModeProvisioned, TRUs: n} }

// Equal reports whether two settings mean the same capacity.
func (c Capacity) Equal(o Capacity) bool {
	if c.Mode != o.Mode {
		return false
	}
	return c.Mode != ModeProvisioned || c.TRUs == o.TRUs
}

// String renders the setting for people: "on-demand" or "4 TRUs".
func (c Capacity) String() string {
	switch c.Mode {
	case ModeProvisioned:
		return capacity.FormatTRUs(c.TRUs)
	case ModeOnDemand:
		return "on-demand"
	default:
		return "unknown"
	}
}

// RequestState is the state of a namespace's latest capacity request.
type RequestState string

// Capacity request states, mirroring Capacity.Request.State.
const (
	RequestUnspecified RequestState = "unspecified"
	RequestCompleted   RequestState = "completed"
	RequestInProgress  RequestState = "in_progress"
	RequestFailed      RequestState = "failed"
)

// CapacityRequest is the latest capacity change requested for a namespace.
type CapacityRequest struct {
	State            RequestState `json:"state"`
	AsyncOperationID string       `json:"asyncOperationId,omitempty"`
	Target           Capacity     `json:"target"`
	StartTime        time.Time    `json:"startTime,omitempty"`
	EndTime          time.Time    `json:"endTime,omitempty"`
}

// NamespaceCapacity is what GetNamespace tells about a namespace's capacity.
// The full spec is not carried here: SetCapacity re-reads it so that the update
// always sends the freshest spec and resource version.
type NamespaceCapacity struct {
	Namespace       string           `json:"namespace"`
	Current         Capacity         `json:"current"`
	LatestRequest   *CapacityRequest `json:"latestRequest,omitempty"`
	APSLimit        float64          `json:"apsLimit"`
	ResourceVersion string           `json:"resourceVersion"`
	State           string           `json:"state,omitempty"`
}

// RequestInProgress reports whether a capacity change is still being applied,
// in which case the Cloud Ops API refuses another one.
func (n NamespaceCapacity) RequestInProgress() bool {
	return n.LatestRequest != nil && n.LatestRequest.State == RequestInProgress
}

// APSStats summarises a namespace's actions per second over the last 7 days.
type APSStats struct {
	Mean float64 `json:"mean"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
}

// CapacityInfo is what GetNamespaceCapacityInfo tells: which TRU values may
// be set, what on-demand would give, and the 7-day usage statistics.
type CapacityInfo struct {
	Namespace        string    `json:"namespace"`
	Current          Capacity  `json:"current"`
	ValidTRUs        []float64 `json:"validTrus"`
	MaxAvailableTRUs float64   `json:"maxAvailableTrus"`
	OnDemandAPSLimit float64   `json:"onDemandApsLimit"`
	APS              APSStats  `json:"aps"`
	HasLegacyLimits  bool      `json:"hasLegacyLimits,omitempty"`
}

// OperationState is the state of a Cloud Ops async operation.
type OperationState string

// Async operation states, mirroring operation.v1.AsyncOperation.State.
const (
	OpUnspecified OperationState = "unspecified"
	OpPending     OperationState = "pending"
	OpInProgress  OperationState = "in_progress"
	OpFailed      OperationState = "failed"
	OpCancelled   OperationState = "cancelled"
	OpFulfilled   OperationState = "fulfilled"
	OpRejected    OperationState = "rejected"
)

// AsyncOperation is a Cloud Ops async operation, such as a capacity change.
type AsyncOperation struct {
	ID            string         `json:"id"`
	State         OperationState `json:"state"`
	CheckDuration time.Duration  `json:"checkDuration"`
	Type          string         `json:"type,omitempty"`
	FailureReason string         `json:"failureReason,omitempty"`
	StartedTime   time.Time      `json:"startedTime,omitempty"`
	FinishedTime  time.Time      `json:"finishedTime,omitempty"`
}

// Done reports whether the operation has reached a final state.
func (o AsyncOperation) Done() bool {
	switch o.State {
	case OpFulfilled, OpFailed, OpCancelled, OpRejected:
		return true
	}
	return false
}

// Succeeded reports whether the operation finished successfully.
func (o AsyncOperation) Succeeded() bool { return o.State == OpFulfilled }

// SetCapacityResult tells what SetCapacity did. NoOp is true when the
// namespace already had the target capacity and nothing was sent.
type SetCapacityResult struct {
	Operation *AsyncOperation `json:"operation,omitempty"`
	NoOp      bool            `json:"noOp"`
}
