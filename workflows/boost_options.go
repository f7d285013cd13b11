package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// This file holds the boost's activity options. Cloud calls heartbeat while
// in flight (see keepAlive), so a worker that dies mid-call is replaced within
// boostHeartbeatTimeout, not the start-to-close timeout. Cloud calls are
// short and retried with backoff up to a bound, after which the workflow
// decides (fail, safety revert, or try again later) instead of hanging. Final
// error kinds are marked non-retryable by the activities themselves. The
// options are functions, not variables, so no caller can change them for
// everyone.

// boostReadOptions are the options of the boost's Cloud reads (capacity before
// the change, the operation's progress, the verification).
func boostReadOptions() workflow.ActivityOptions {
	return boostCloudOptions(10*time.Minute, time.Minute)
}

// boostApplyOptions are the read options: a change is as short a call as a
// read, and the workflow decides what a failure means.
func boostApplyOptions() workflow.ActivityOptions { return boostReadOptions() }

// boostRevertApplyOptions retry for longer with up to 10 minutes between
// attempts; the revert loop around them keeps going for hours.
func boostRevertApplyOptions() workflow.ActivityOptions {
	return boostCloudOptions(15*time.Minute, 10*time.Minute)
}

// boostCloudOptions are the options of a heartbeating Cloud call, retried
// with backoff up to maxInterval between attempts until scheduleToClose.
func boostCloudOptions(scheduleToClose, maxInterval time.Duration) workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout:    time.Minute,
		HeartbeatTimeout:       boostHeartbeatTimeout,
		ScheduleToCloseTimeout: scheduleToClose,
		RetryPolicy:            boostCloudRetry(maxInterval),
	}
}

func boostPollOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout:    30 * time.Second,
		HeartbeatTimeout:       boostHeartbeatTimeout,
		ScheduleToCloseTimeout: 2 * time.Minute,
		RetryPolicy:            boostCloudRetry(30 * time.Second),
	}
}

// boostNotifyOptions bound the boost's Slack posts (chatCallOptions).
func boostNotifyOptions() workflow.ActivityOptions { return chatCallOptions(15 * time.Second) }

// boostCloudRetry retries a Cloud call until its timeouts end it.
func boostCloudRetry(maxInterval time.Duration) *temporal.RetryPolicy {
	return backoff(time.Second, maxInterval, 0)
}
