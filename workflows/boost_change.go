package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// Bounds of waiting for a capacity change. Waiting is done in the workflow,
// one short GetOperation activity per poll with a durable timer between:
// it survives a worker restart without heartbeat bookkeeping, and every
// poll is visible in the history. The price is history growth, so polls are
// spaced at the operation's checkDuration (clamped to [1s, 1m]) for the first
// few and at least boostPollSlow after that, and the wait is capped: a 30
// minute change makes at most about 130 polls.
const (
	boostPollMin      = time.Second
	boostPollMax      = time.Minute
	boostPollSlow     = 15 * time.Second
	boostPollFastOnes = 10
	boostOpDeadline   = 30 * time.Minute
	// An operation reported done can take a little longer to show in the
	// namespace's capacity; verification re-reads for up to this long.
	boostVerifyTries = 6
	boostVerifyGap   = 20 * time.Second
)

// changeResult says how sure we are about what a capacity change did.
type changeResult int

const (
	changeDone      changeResult = iota // verified at the target
	changeNotMade                       // surely not applied (refused or failed operation)
	changeUncertain                     // may or may not have been applied
)

type changeOutcome struct {
	result   changeResult
	observed clients.Capacity // last capacity read; zero when never read
	detail   string           // what went wrong, in words
}

// changeCapacity applies a capacity, waits for the operation and verifies
// the result. opSuffix makes the operation ID: the same suffix on a retried
// activity is the same request to Cloud Ops.
func (r *boostRun) changeCapacity(ctx workflow.Context, target clients.Capacity, opSuffix string, opts workflow.ActivityOptions) changeOutcome {
	info := workflow.GetInfo(ctx)
	opID := fmt.Sprintf("%s-%s-%s", info.WorkflowExecution.ID, info.WorkflowExecution.RunID, opSuffix)
	ns := r.st.Request.Namespace

	var res clients.SetCapacityResult
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, opts), ActivityApplyCapacity, ns, target, opID).Get(ctx, &res)
	if err != nil {
		out := changeOutcome{result: changeUncertain, detail: "the change request failed: " + boostErrorText(err)}
		if boostSurelyNotApplied(err) {
			out.result = changeNotMade
		}
		return out
	}
	if res.Operation != nil && !res.NoOp {
		op := r.waitOperation(ctx, *res.Operation)
		if op.Done() && !op.Succeeded() {
			detail := fmt.Sprintf("Temporal Cloud reported the change as %s", op.State)
			if op.FailureReason != "" {
				detail += ": " + op.FailureReason
			}
			return changeOutcome{result: changeNotMade, detail: detail}
		}
		// Fulfilled, or still not done at the deadline: the capacity itself
		// is the judge, so a slow operation is not a false failure.
	}
	return r.verifyCapacity(ctx, target)
}

// boostSurelyNotApplied reports whether an apply error proves nothing was
// changed: Cloud Ops refused the request outright.
func boostSurelyNotApplied(err error) bool {
	var appErr *temporal.ApplicationError
	if !errors.As(err, &appErr) || !appErr.NonRetryable() {
		return false
	}
	switch clients.ErrorKind(appErr.Type()) {
	case clients.KindInvalid, clients.KindPermission, clients.KindNotFound, clients.KindMalformed:
		return true
	}
	return false
}

// waitOperation polls an async operation until it is done or the deadline
// passes, returning the last state seen.
func (r *boostRun) waitOperation(ctx workflow.Context, op clients.AsyncOperation) clients.AsyncOperation {
	actx := workflow.WithActivityOptions(ctx, boostPollOptions())
	deadline := workflow.Now(ctx).Add(boostOpDeadline)
	for polls := 0; !op.Done(); polls++ {
		if !workflow.Now(ctx).Before(deadline) {
			r.logger.Warn("capacity operation not done at deadline", "operation", op.ID, "state", string(op.State))
			return op
		}
		if err := workflow.Sleep(ctx, boostPollInterval(op.CheckDuration, polls)); err != nil {
			return op
		}
		var next clients.AsyncOperation
		if err := workflow.ExecuteActivity(actx, ActivityGetOperation, op.ID).Get(ctx, &next); err != nil {
			r.logger.Warn("reading capacity operation failed", "operation", op.ID, "error", err)
			if boostSurelyNotApplied(err) {
				return op // the operation cannot be read; verification decides
			}
			continue
		}
		op = next
	}
	return op
}

func boostPollInterval(check time.Duration, polls int) time.Duration {
	d := min(max(check, boostPollMin), boostPollMax)
	if polls >= boostPollFastOnes {
		d = max(d, boostPollSlow)
	}
	return d
}

// verifyCapacity reads the namespace until it shows the target with no
// change in progress, for a short while.
func (r *boostRun) verifyCapacity(ctx workflow.Context, target clients.Capacity) changeOutcome {
	actx := workflow.WithActivityOptions(ctx, boostReadOptions())
	out := changeOutcome{result: changeUncertain}
	for try := 1; try <= boostVerifyTries; try++ {
		var v Verification
		err := workflow.ExecuteActivity(actx, ActivityVerifyCapacity, r.st.Request.Namespace, target).Get(ctx, &v)
		switch {
		case err != nil:
			out.detail = "the capacity could not be read to verify it: " + boostErrorText(err)
		case v.Matches:
			return changeOutcome{result: changeDone, observed: v.Observed}
		default:
			out.observed = v.Observed
			out.detail = fmt.Sprintf("verification found %s instead of %s", v.Observed, target)
			if v.State != "" && v.State != clients.RequestCompleted {
				out.detail += fmt.Sprintf(" (latest request %s)", v.State)
			}
		}
		if try < boostVerifyTries {
			if err := workflow.Sleep(ctx, boostVerifyGap); err != nil {
				break
			}
		}
	}
	return out
}
