package simcloud

import (
	"fmt"
	"time"

	namespacev1 "go.temporal.io/cloud-sdk/api/namespace/v1"
	operationv1 "go.temporal.io/cloud-sdk/api/operation/v1"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/capacitybot/capacitybot/clients"
)

// operation is an async capacity change. It completes lazily: whoever reads
// the state after dueAt (by Now) settles it, so the simulation needs no
// timers and a test clock drives it exactly.
type operation struct {
	id        string
	namespace string
	target    clients.Capacity
	previous  clients.Capacity
	prevSpec  *namespacev1.CapacitySpec
	started   time.Time
	finished  time.Time
	dueAt     time.Time
	state     operationv1.AsyncOperation_State
	stuck     bool // FaultOpStuck: never completes
	fail      bool // FaultOpFails: ends FAILED
	reason    string
}

// settleLocked completes every operation that is due. c.mu must be held.
func (c *Cloud) settleLocked(now time.Time) {
	for _, op := range c.ops {
		if op.state != operationv1.AsyncOperation_STATE_IN_PROGRESS || op.stuck || now.Before(op.dueAt) {
			continue
		}
		c.completeLocked(op, op.dueAt)
		c.markDirtyLocked()
	}
}

// completeLocked ends op: on success the namespace runs at the target
// capacity and the served usage follows the new limit; on failure nothing
// changes but the request and the operation say FAILED.
func (c *Cloud) completeLocked(op *operation, at time.Time) {
	st := c.namespaces[op.namespace]
	op.finished = at
	if op.fail {
		op.state = operationv1.AsyncOperation_STATE_FAILED
		op.reason = fmt.Sprintf("failed to apply capacity %s: insufficient capacity in %s, try again later", op.target, st.cfg.Region)
		// The desired state goes back to what actually runs, so that the
		// spec does not claim a capacity the namespace never got.
		st.spec.CapacitySpec = op.prevSpec
		st.version++
		if st.request != nil && st.request.opID == op.id {
			st.request.state = namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_FAILED
			st.request.end = at
		}
		return
	}
	op.state = operationv1.AsyncOperation_STATE_FULFILLED
	st.current = op.target
	if st.request != nil && st.request.opID == op.id {
		st.request.state = namespacev1.Capacity_Request_STATE_CAPACITY_REQUEST_COMPLETED
		st.request.end = at
	}
	// Offered load is what was served plus what was throttled; the new
	// limit decides how much of it is served now.
	offered := st.cfg.APS + st.cfg.ThrottledPerSec
	limit := st.cfg.apsLimit(st.current)
	st.cfg.APS = min(offered, limit)
	st.cfg.ThrottledPerSec = offered - st.cfg.APS
}

// newOperationID names a server-generated operation, used when the caller
// sent no async_operation_id.
func (c *Cloud) newOperationID() string {
	c.opSeq++
	return fmt.Sprintf("sim-op-%06d", c.opSeq)
}

func (c *Cloud) operationProto(op *operation) *operationv1.AsyncOperation {
	return &operationv1.AsyncOperation{
		Id:            op.id,
		State:         op.state,
		CheckDuration: durationpb.New(c.opts.CheckDuration),
		OperationType: "UpdateNamespace",
		FailureReason: op.reason,
		StartedTime:   ts(op.started),
		FinishedTime:  ts(op.finished),
	}
}
