package bot

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/workflows"
)

// lastReportQuery finds the analyses that produced a report; visibility
// lists closed runs most recently closed first.
const lastReportQuery = "WorkflowType = '" + workflows.AnalysisWorkflowName + "' AND ExecutionStatus = 'Completed'"

// HomeEngine is what the App Home tab needs from Temporal beyond Engine and
// ScheduleEngine. Implemented by TemporalEngine; declared here, by its
// consumer.
type HomeEngine interface {
	// HomeOpened records that the user opened the Home tab.
	HomeOpened(ctx context.Context, userID string) error
	// HomeViewers is who opened the Home tab within workflows.HomeViewerTTL
	// before now, newest first.
	HomeViewers(ctx context.Context, now time.Time) ([]string, error)
	// LastReport is the most recent analysis report; nil when none.
	LastReport(ctx context.Context) (*workflows.AnalysisReport, error)
}

var _ HomeEngine = (*TemporalEngine)(nil)

// HomeOpened signals the home workflow, starting it when it is not running:
// the openers live in Temporal, so every replica sees them.
func (e *TemporalEngine) HomeOpened(ctx context.Context, userID string) error {
	_, err := e.c.SignalWithStartWorkflow(ctx, workflows.HomeWorkflowID, workflows.SignalHomeOpened,
		workflows.HomeOpened{User: userID}, client.StartWorkflowOptions{ID: workflows.HomeWorkflowID, TaskQueue: e.taskQueue},
		workflows.HomeWorkflowName, workflows.HomeState{})
	if err != nil {
		return fmt.Errorf("recording that %s opened the Home tab: %w", userID, err)
	}
	return nil
}

// HomeViewers queries the home workflow; with none (nobody opened the Home
// within the hour) it is nobody.
func (e *TemporalEngine) HomeViewers(ctx context.Context, now time.Time) ([]string, error) {
	v, err := e.c.QueryWorkflow(ctx, workflows.HomeWorkflowID, "", workflows.QueryHomeViewers)
	if err != nil {
		if isNotFound(err) {
			return nil, nil
		}
		return nil, fmt.Errorf("querying who opened the Home tab: %w", err)
	}
	var viewers []workflows.HomeViewer
	if err := v.Get(&viewers); err != nil {
		return nil, fmt.Errorf("decoding who opened the Home tab: %w", err)
	}
	recent := workflows.RecentHomeViewers(viewers, now)
	out := make([]string, 0, len(recent))
	for _, h := range recent {
		out = append(out, h.User)
	}
	return out, nil
}

// LastReport reads the result of the analysis that completed last.
func (e *TemporalEngine) LastReport(ctx context.Context) (*workflows.AnalysisReport, error) {
	resp, err := e.c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: lastReportQuery, PageSize: 1})
	if err != nil {
		return nil, fmt.Errorf("listing analyses: %w", err)
	}
	if len(resp.GetExecutions()) == 0 {
		return nil, nil
	}
	ex := resp.GetExecutions()[0].GetExecution()
	var r workflows.AnalysisReport
	if err := e.c.GetWorkflow(ctx, ex.GetWorkflowId(), ex.GetRunId()).Get(ctx, &r); err != nil {
		return nil, fmt.Errorf("reading the report of analysis %s: %w", ex.GetWorkflowId(), err)
	}
	r.Rows = nil // the Home shows the summary only
	return &r, nil
}
