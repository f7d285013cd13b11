package workflows

import (
	"errors"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// AnalysisWorkflow reads usage and capacity for the requested namespaces,
// recommends a capacity for each and, when asked, posts the report. It only
// reads: nothing in Temporal Cloud changes. Reading runs as activities so a
// crash or a rate limit delays the report instead of losing it; the report is
// returned even when posting it fails. Runs started since analysisPagedVersion
// read the account in pages (analysisPaged); older ones replay analysisWhole.
func AnalysisWorkflow(ctx workflow.Context, req AnalysisRequest) (AnalysisReport, error) {
	if workflow.GetVersion(ctx, analysisPagedVersion, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		return analysisWhole(ctx, req)
	}
	return analysisPaged(ctx, req)
}

// analysisWhole is the analysis before analysisPagedVersion: every
// namespace in one activity result and the whole report in one payload,
// which outgrows Temporal's payload limit at some thousands of namespaces.
func analysisWhole(ctx workflow.Context, req AnalysisRequest) (AnalysisReport, error) {
	logger := workflow.GetLogger(ctx)

	usageFuture := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, analysisUsageOptions()), ActivityGatherUsage)
	capFuture := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, analysisGatherOptions()),
		ActivityGatherCapacity, GatherInput{Globs: req.Globs})

	var gathered GatherResult
	capErr := capFuture.Get(ctx, &gathered)
	var usage clients.UsageSnapshot
	usageErr := ""
	if err := usageFuture.Get(ctx, &usage); err != nil {
		logger.Warn("usage unavailable; analysing on 7-day statistics", "error", err)
		usageErr = analysisErrorText(err)
	}
	if capErr != nil {
		err := fmt.Errorf("gathering namespace capacity: %w", capErr)
		if req.Post {
			failed := AnalysisReport{
				GeneratedAt: workflow.Now(ctx), Globs: req.Globs, Requester: req.Requester,
				Warnings: []string{"The analysis failed: the namespaces could not be read from Cloud Ops (" + analysisErrorText(capErr) + ")."},
			}
			analysisPost(ctx, req.Channel, failed)
		}
		return AnalysisReport{}, err
	}

	report := buildAnalysisReport(analysisReportInput{
		Request: req, Gathered: gathered, Usage: usage, UsageErr: usageErr, Now: workflow.Now(ctx),
	})
	if req.Post {
		analysisPost(ctx, req.Channel, report)
	}
	return report, nil
}

// analysisPost posts the report with bounded retries. A chat outage is logged
// and otherwise ignored: the report is still the workflow's result.
func analysisPost(ctx workflow.Context, channel string, report AnalysisReport) {
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, analysisPostOptions()),
		ActivityPostReport, PostReportInput{Channel: channel, Report: report}).Get(ctx, nil)
	if err != nil {
		workflow.GetLogger(ctx).Error("posting the analysis report failed", "channel", channel, "error", err)
	}
}

// analysisErrorText is the message of the application error inside an
// activity failure, which is what a person can act on.
func analysisErrorText(err error) string {
	var appErr *temporal.ApplicationError
	if errors.As(err, &appErr) && appErr.Message() != "" {
		return appErr.Message()
	}
	return err.Error()
}

func analysisUsageOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         backoff(2*time.Second, time.Minute, 5),
	}
}

func analysisGatherOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		HeartbeatTimeout:    30 * time.Second,
		RetryPolicy:         backoff(2*time.Second, time.Minute, 5),
	}
}

func analysisPostOptions() workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy:         backoff(time.Second, 30*time.Second, 5),
	}
}
