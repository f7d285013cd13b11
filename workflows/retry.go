package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// backoff is the retry policy every activity uses: exponential (×2) from
// initial up to maxInterval between attempts, at most attempts tries (0: until
// the activity's timeouts end it). Only the bounds differ between
// activities, so they are the parameters.
func backoff(initial, maxInterval time.Duration, attempts int32) *temporal.RetryPolicy {
	return &temporal.RetryPolicy{
		InitialInterval:    initial,
		BackoffCoefficient: 2,
		MaximumInterval:    maxInterval,
		MaximumAttempts:    attempts,
	}
}

// chatCallOptions bound a call to Slack tightly (a post, or a check of a
// group's members): a Slack outage must delay messages, never a capacity
// change (the Python reference retried them forever and could block the
// revert).
func chatCallOptions(startToClose time.Duration) workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout:    startToClose,
		ScheduleToCloseTimeout: 2 * time.Minute,
		RetryPolicy:            backoff(time.Second, 10*time.Second, 5),
	}
}
