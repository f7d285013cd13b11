package workflows

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"

	"github.com/capacitybot/capacitybot/clients"
)

// batchProgress is GatherBatch's heartbeat detail: a count, never the data.
// A retried batch reads its namespaces again (at most AnalysisBatchSize).
type batchProgress struct {
	Read int `json:"read"`
}

// ReadUsage reads the account's usage (and namespace list) once per run and
// keeps them in this worker for the batches; it returns only the warnings
// about them (incomplete scrape, Metrics API namespaces Cloud Ops does not
// know), bounded. Only a failed usage read fails it: a failed list leaves
// the batches to list, and to fail, themselves.
func (a *Activities) ReadUsage(ctx context.Context, in GatherInput) (ReadUsageResult, error) {
	runID := activity.GetInfo(ctx).WorkflowExecution.RunID
	run, _ := a.runs.get(runID)
	if err := a.runUsage(ctx, &run); err != nil {
		return ReadUsageResult{}, err
	}
	var labels clients.LabelResolution
	if a.runList(ctx, &run) == nil { // a failed list is the batches' to report
		_, labels = clients.ResolveUsage(run.usage, run.listed)
	}
	a.runs.put(runID, run, activity.GetInfo(ctx).StartedTime)
	warnings := analysisUsageWarnings(analysisReportInput{Request: AnalysisRequest{Globs: in.Globs}, Usage: run.usage}, labels)
	return ReadUsageResult{Warnings: analysisCapWarnings(warnings)}, nil
}

// analysisReads returns this run's cached list and usage, reading what is
// missing: the list always, the usage when withUsage is set.
func (a *Activities) analysisReads(ctx context.Context, withUsage bool) (analysisRun, error) {
	runID := activity.GetInfo(ctx).WorkflowExecution.RunID
	run, _ := a.runs.get(runID)
	if err := a.runList(ctx, &run); err != nil {
		return analysisRun{}, err
	}
	if withUsage {
		if err := a.runUsage(ctx, &run); err != nil {
			return analysisRun{}, err
		}
	}
	a.runs.put(runID, run, activity.GetInfo(ctx).StartedTime)
	return run, nil
}

// runList lists the account's namespaces, sorted, unless run holds them.
func (a *Activities) runList(ctx context.Context, run *analysisRun) error {
	if run.listed != nil {
		return nil
	}
	if a.Cloud == nil {
		return temporal.NewNonRetryableApplicationError("no Cloud Ops client is configured", "NotConfigured", nil)
	}
	all, err := a.Cloud.ListNamespaces(ctx)
	if err != nil {
		return analysisActivityError(fmt.Errorf("listing namespaces: %w", err))
	}
	listed := slices.Clone(all)
	slices.Sort(listed)
	run.listed = slices.Compact(listed)
	return nil
}

// runUsage reads the usage unless run holds it.
func (a *Activities) runUsage(ctx context.Context, run *analysisRun) error {
	if run.haveUsage {
		return nil
	}
	if a.Usage == nil {
		return temporal.NewNonRetryableApplicationError("no Metrics API source is configured", "NotConfigured", nil)
	}
	snap, err := a.Usage.FetchUsage(ctx)
	if err != nil {
		return analysisActivityError(fmt.Errorf("fetching usage: %w", err))
	}
	run.usage, run.haveUsage = snap, true
	return nil
}

// GatherBatch reads one batch of the selected namespaces (the first Limit
// after the cursor, by name) and returns their report rows: one page. The
// cursor, not an offset, keeps a namespace created or deleted during the
// analysis from shifting another out of the report.
func (a *Activities) GatherBatch(ctx context.Context, in GatherBatchInput) (GatherBatchResult, error) {
	if in.Limit <= 0 || in.Limit > AnalysisBatchSize {
		in.Limit = AnalysisBatchSize
	}
	run, err := a.analysisReads(ctx, in.HaveUsage)
	if err != nil {
		return GatherBatchResult{}, err
	}
	selected, warnings := analysisSelect(run.listed, a.Policy.Filter, in.Globs)
	start, _ := slices.BinarySearch(selected, in.After)
	if start < len(selected) && in.After != "" && selected[start] == in.After {
		start++
	}
	end := min(start+in.Limit, len(selected))
	batch := selected[start:end]

	results, err := a.gatherBatchRows(ctx, batch)
	if err != nil {
		return GatherBatchResult{}, err
	}
	usage, _ := clients.ResolveUsage(run.usage, run.listed)
	out := GatherBatchResult{Rows: make([]ReportRow, 0, len(results)), More: end < len(selected),
		Selected: len(selected), Simulated: a.Simulated}
	for _, nr := range results {
		out.Rows = append(out.Rows, analysisRow(nr, usage, in.HaveUsage))
	}
	if len(batch) > 0 {
		out.Next = batch[len(batch)-1]
	}
	if in.After == "" {
		out.Warnings = analysisCapWarnings(warnings)
	}
	return out, nil
}

// gatherBatchRows reads a batch with the worker pool, heartbeating how many
// are read.
func (a *Activities) gatherBatchRows(ctx context.Context, batch []string) ([]NamespaceResult, error) {
	results := make([]NamespaceResult, 0, len(batch))
	results, err := a.gatherAll(ctx, batch, results, func(read []NamespaceResult) any {
		return batchProgress{Read: len(read)}
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(results, func(x, y NamespaceResult) int { return strings.Compare(x.Namespace, y.Namespace) })
	return results, nil
}

// analysisCapWarnings keeps the first warnings and counts the rest, so a
// warning per namespace cannot grow a payload with the account.
func analysisCapWarnings(ws []string) []string {
	if len(ws) <= analysisMaxWarnings {
		return ws
	}
	more := len(ws) - analysisMaxWarnings + 1
	return append(slices.Clone(ws[:analysisMaxWarnings-1]), fmt.Sprintf("…and %d more warnings.", more))
}
