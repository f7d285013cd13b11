//go:build recordhistory

package workflows

import (
	"context"
	"fmt"

	"go.temporal.io/sdk/client"
)

// recordHome opens the Home tab three times (two users, one twice) on a home
// workflow that continues as new after three opens, as the bot's
// SignalWithStart does; the first run is recorded, the continued one
// terminated.
func recordHome(ctx context.Context, rec *recorder) error {
	stop, err := rec.startWorker(&Activities{})
	if err != nil {
		return err
	}
	defer stop()
	opts := client.StartWorkflowOptions{ID: rec.queue, TaskQueue: rec.queue}
	var run client.WorkflowRun
	for _, user := range []string{"U1", "U2", "U1"} {
		run, err = rec.c.SignalWithStartWorkflow(ctx, rec.queue, SignalHomeOpened, HomeOpened{User: user}, opts,
			HomeWorkflowName, HomeState{SignalsPerRun: 3})
		if err != nil {
			return fmt.Errorf("opening the home of %s: %w", user, err)
		}
	}
	defer func() { _ = rec.c.TerminateWorkflow(context.WithoutCancel(ctx), run.GetID(), "", "recorded") }()
	if _, err := continuedRunID(ctx, rec.c, run.GetID(), run.GetRunID()); err != nil {
		return err
	}
	return rec.save(ctx, histHomeRun, run.GetID(), run.GetRunID())
}
