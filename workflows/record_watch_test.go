//go:build recordhistory

package workflows

import (
	"context"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/clients"
)

// recordWatch runs the throttling watch every second, three checks a run:
// the first run opens an incident (with a suggested boost) and continues as
// new with it; the second clears it and continues as new again. Both runs
// are recorded; the third is terminated.
func recordWatch(ctx context.Context, rec *recorder) error {
	const ns = boostNS
	quiet := watchSnap(watchUse(ns, 300, 1000, 0))
	hot := watchSnap(watchUse(ns, 950, 1000, 0))
	throttled := watchSnap(watchUse(ns, 1000, 1000, 400))
	usage := &watchFakeUsage{snaps: []clients.UsageSnapshot{quiet, hot, throttled, quiet, quiet, quiet}}
	acts := &Activities{Cloud: newBoostFakeCloud(ns, clients.OnDemand()), Usage: usage, Notifier: &watchFakeNotifier{}, Simulated: true}
	stop, err := rec.startWorker(acts)
	if err != nil {
		return err
	}
	defer stop()
	run, err := rec.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: rec.queue, TaskQueue: rec.queue}, ThrottleWatchWorkflowName,
		WatchInput{Config: WatchConfig{Interval: time.Second, Threshold: 0.9, MaxTRUs: 12}, ChecksPerRun: 3})
	if err != nil {
		return fmt.Errorf("starting the watch: %w", err)
	}
	defer func() { _ = rec.c.TerminateWorkflow(context.WithoutCancel(ctx), run.GetID(), "", "recorded") }()
	runID := run.GetRunID()
	for _, file := range []string{histWatchFirstRun, histWatchContinuedRun} {
		next, err := continuedRunID(ctx, rec.c, run.GetID(), runID)
		if err != nil {
			return err
		}
		if err := rec.save(ctx, file, run.GetID(), runID); err != nil {
			return err
		}
		runID = next
	}
	return nil
}

// continuedRunID waits for a run to continue as new and returns the new run.
func continuedRunID(ctx context.Context, c client.Client, id, runID string) (string, error) {
	iter := c.GetWorkflowHistory(ctx, id, runID, true, enumspb.HISTORY_EVENT_FILTER_TYPE_CLOSE_EVENT)
	for iter.HasNext() {
		ev, err := iter.Next()
		if err != nil {
			return "", fmt.Errorf("waiting for run %s to end: %w", runID, err)
		}
		if attrs := ev.GetWorkflowExecutionContinuedAsNewEventAttributes(); attrs != nil {
			return attrs.GetNewExecutionRunId(), nil
		}
		if ev.GetEventType() != enumspb.EVENT_TYPE_UNSPECIFIED {
			return "", fmt.Errorf("run %s ended with %s, not continue-as-new", runID, ev.GetEventType())
		}
	}
	return "", fmt.Errorf("run %s has no close event", runID)
}
