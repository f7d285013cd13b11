package workflows

import (
	"context"
	"fmt"
	"slices"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"
)

// AnalysisPageReader reads one page of an analysis run's rows. Temporal is
// the only store replicas share, so the pages live in the run and are read
// back by query, one bounded answer per page.
type AnalysisPageReader interface {
	ReadAnalysisPage(ctx context.Context, workflowID, runID string, page int) ([]ReportRow, error)
}

// clientPageReader queries the run through the worker's Temporal client.
type clientPageReader struct {
	c client.Client
}

func (r clientPageReader) ReadAnalysisPage(ctx context.Context, workflowID, runID string, page int) ([]ReportRow, error) {
	v, err := r.c.QueryWorkflow(ctx, workflowID, runID, QueryAnalysisPage, page)
	if err != nil {
		return nil, fmt.Errorf("querying %s: %w", QueryAnalysisPage, err)
	}
	var rows []ReportRow
	if err := v.Get(&rows); err != nil {
		return nil, fmt.Errorf("decoding page %d: %w", page, err)
	}
	return rows, nil
}

// PostPages assembles the report from the pages of the run that scheduled it
// and posts it: the summary and ranked rows that need action in the message,
// every row in the CSV. The rows only ever exist whole in this activity's
// memory, never in a payload.
func (a *Activities) PostPages(ctx context.Context, in PostPagesInput) error {
	if a.Notifier == nil {
		return temporal.NewNonRetryableApplicationError("no notifier is configured", "NotConfigured", nil)
	}
	info := activity.GetInfo(ctx)
	defer a.runs.drop(info.WorkflowExecution.RunID)
	report := in.Head
	report.Rows = make([]ReportRow, 0, report.Summary.Namespaces)
	for page := range in.Pages {
		rows, err := a.pageReader(ctx).ReadAnalysisPage(ctx, info.WorkflowExecution.ID, info.WorkflowExecution.RunID, page)
		if err != nil {
			return fmt.Errorf("reading page %d of %d of the analysis: %w", page+1, in.Pages, err)
		}
		report.Rows = append(report.Rows, rows...)
	}
	slices.SortFunc(report.Rows, ReportOrder)
	if err := a.Notifier.PostReport(ctx, in.Channel, report); err != nil {
		return fmt.Errorf("posting analysis report to %s: %w", in.Channel, err)
	}
	return nil
}

func (a *Activities) pageReader(ctx context.Context) AnalysisPageReader {
	if a.Pages != nil {
		return a.Pages
	}
	return clientPageReader{c: activity.GetClient(ctx)}
}
