package bot

import (
	"errors"
	"fmt"

	"github.com/capacitybot/capacitybot/workflows"
)

// ErrNoBoost is returned by Engine.BoostStatus (and Extend, RevertNow) when no
// boost is running for the namespace.
var ErrNoBoost = errors.New("no boost is running for this namespace")

// BoostRunningError is returned by Engine.StartBoost when a boost is already
// running for the namespace (one boost per namespace); Status is its state.
type BoostRunningError struct {
	Status workflows.BoostStatus
}

func (e *BoostRunningError) Error() string {
	return fmt.Sprintf("a boost of %s is already running (%s)", e.Status.Request.Namespace, e.Status.Phase)
}

// UpdateRejectedError is a change (extend, revert) the running boost
// workflow refused; Message is its reason, meant for the requester.
type UpdateRejectedError struct {
	Namespace string
	Message   string
}

func (e *UpdateRejectedError) Error() string {
	return fmt.Sprintf("the boost of %s refused the change: %s", e.Namespace, e.Message)
}
