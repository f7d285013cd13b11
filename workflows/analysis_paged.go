package workflows

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// analysisPages is what a paged run keeps: each batch's rows, answered one
// page per query to the posting activity, and the bounded head.
type analysisPages struct {
	pages [][]ReportRow
	head  AnalysisReport
}

// analysisPaged reads the usage once, then the selected namespaces in
// batches of AnalysisBatchSize, each batch an activity whose result is one
// page of rows. The workflow keeps the pages for the posting activity and
// accumulates only bounded values: the summary, the warnings and the
// AnalysisTopRows rows that need action most. Its result is that head, so
// no payload grows with the number of namespaces.
func analysisPaged(ctx workflow.Context, req AnalysisRequest) (AnalysisReport, error) {
	logger := workflow.GetLogger(ctx)
	st := &analysisPages{head: AnalysisReport{GeneratedAt: workflow.Now(ctx), Globs: req.Globs, Requester: req.Requester}}
	if err := workflow.SetQueryHandler(ctx, QueryAnalysisPage, st.page); err != nil {
		return AnalysisReport{}, fmt.Errorf("registering the page query: %w", err)
	}

	var usage ReadUsageResult
	usageErr := ""
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, analysisReadUsageOptions()),
		ActivityReadUsage, GatherInput{Globs: req.Globs}).Get(ctx, &usage); err != nil {
		logger.Warn("usage unavailable; analysing on 7-day statistics", "error", err)
		usageErr = analysisErrorText(err)
	}

	in := GatherBatchInput{Globs: req.Globs, Limit: AnalysisBatchSize, HaveUsage: usageErr == ""}
	progress := AnalysisProgress{Channel: req.Channel}
	var selectionWarnings []string
	for {
		var page GatherBatchResult
		err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, analysisGatherOptions()),
			ActivityGatherBatch, in).Get(ctx, &page)
		if err != nil {
			if req.Post {
				failed := AnalysisReport{GeneratedAt: workflow.Now(ctx), Globs: req.Globs, Requester: req.Requester, Simulated: st.head.Simulated}
				failed.Warnings = []string{"The analysis failed: the namespaces could not be read from Cloud Ops (" + analysisErrorText(err) + ")."}
				analysisPostPages(ctx, req.Channel, failed, 0)
			}
			return AnalysisReport{}, fmt.Errorf("gathering namespace capacity: %w", err)
		}
		if in.After == "" {
			selectionWarnings = page.Warnings
		}
		st.add(page)
		if req.Post && page.Selected > AnalysisBatchSize {
			progress.Read, progress.Total = st.head.Summary.Namespaces, page.Selected
			progress.Simulated = st.head.Simulated
			analysisProgress(ctx, &progress)
		}
		if !page.More {
			break
		}
		in.After = page.Next
	}

	st.head.GeneratedAt = workflow.Now(ctx)
	st.head.Warnings = analysisCapWarnings(append(selectionWarnings,
		analysisUsageWarningsPaged(usageErr, usage.Warnings)...))
	if req.Post {
		analysisPostPages(ctx, req.Channel, st.head, len(st.pages))
	}
	return st.head, nil
}

// add keeps a batch's page and folds it into the head.
func (st *analysisPages) add(page GatherBatchResult) {
	st.pages = append(st.pages, page.Rows)
	st.head.Simulated = st.head.Simulated || page.Simulated
	st.head.Summary = analysisCount(st.head.Summary, page.Rows)
	for _, r := range page.Rows {
		if r.Action.NeedsAction() {
			st.head.Rows = append(st.head.Rows, r)
		}
	}
	slices.SortFunc(st.head.Rows, ReportOrder)
	st.head.Rows = st.head.Rows[:min(len(st.head.Rows), AnalysisTopRows)]
}

// page answers QueryAnalysisPage.
func (st *analysisPages) page(n int) ([]ReportRow, error) {
	if n < 0 || n >= len(st.pages) {
		return nil, fmt.Errorf("no page %d: the analysis has %d", n, len(st.pages))
	}
	return st.pages[n], nil
}

// analysisUsageWarningsPaged is the usage warning of a failed ReadUsage, or
// the warnings it returned.
func analysisUsageWarningsPaged(usageErr string, warnings []string) []string {
	if usageErr != "" {
		return analysisUsageWarnings(analysisReportInput{UsageErr: usageErr}, clients.LabelResolution{})
	}
	return warnings
}

// analysisPostPages posts the report with bounded retries; like
// analysisPost, a chat outage is logged and the report is still the result.
func analysisPostPages(ctx workflow.Context, channel string, head AnalysisReport, pages int) {
	head.Rows = nil // the poster reads every row from the pages
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, analysisPostPagesOptions()),
		ActivityPostPages, PostPagesInput{Channel: channel, Head: head, Pages: pages}).Get(ctx, nil)
	if err != nil {
		workflow.GetLogger(ctx).Error("posting the analysis report failed", "channel", channel, "error", err)
	}
}

// analysisReadUsageOptions leave ReadUsage time to wait for the Metrics
// API's hourly budget and to split a large account's scrape.
func analysisReadUsageOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		RetryPolicy:         backoff(2*time.Second, time.Minute, 5),
	}
}

// analysisPostPagesOptions leave time to read the pages and upload the CSV
// of a large account (megabytes); no heartbeat timeout, as the upload cannot
// heartbeat.
func analysisPostPagesOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		RetryPolicy:         backoff(time.Second, 30*time.Second, 5),
	}
}
