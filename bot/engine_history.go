package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/workflows"
)

// maxHistoryRuns bounds how many boost runs one history lists and reads.
const maxHistoryRuns = 1000

// searchAttrRecheck is how long the engine trusts what it learnt about the
// namespace's search attributes: adding them takes effect without a restart.
const searchAttrRecheck = 5 * time.Minute

// HistoryQuery asks for the boost runs started since Since whose namespace
// matches Glob ("" for every namespace).
type HistoryQuery struct {
	Glob  string
	Since time.Time
}

// HistoryRun is one boost run read from Temporal: its status (the result of
// a finished run, the status query of a running one), whether a schedule
// started it, and when its workflow started and closed.
type HistoryRun struct {
	Status    workflows.BoostStatus
	Running   bool
	Scheduled bool
	// Unreadable says why neither the result nor the status could be read;
	// Status then holds only the request from the run's memo.
	Unreadable    string
	WorkflowStart time.Time
	WorkflowClose time.Time
}

// HistoryList is what Temporal holds: the runs, how far back the namespace
// keeps closed ones (0: unknown), whether the search attributes were used,
// and whether the list was cut at maxHistoryRuns.
type HistoryList struct {
	Runs             []HistoryRun
	Retention        time.Duration
	SearchAttributes bool
	Truncated        bool
}

// searchAttrState caches whether the namespace has the history search
// attributes.
type searchAttrState struct {
	mu      sync.Mutex
	ready   bool
	checked time.Time
}

// hasSearchAttributes reports whether the Temporal namespace has the
// history search attributes: a visibility query naming one is refused when
// it is missing. Any failure counts as missing, which is always safe: runs
// then start without them and history lists by workflow type and ID.
func (e *TemporalEngine) hasSearchAttributes(ctx context.Context) bool {
	e.sa.mu.Lock()
	defer e.sa.mu.Unlock()
	if !e.sa.checked.IsZero() && time.Since(e.sa.checked) < searchAttrRecheck {
		return e.sa.ready
	}
	_, err := e.c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
		Query: workflows.SearchAttrNamespace + " = ''", PageSize: 1})
	e.sa.ready, e.sa.checked = err == nil, time.Now()
	return e.sa.ready
}

// historyQuery is the visibility query of a history. With the search
// attributes, a glob's literal prefix narrows the list on the server; runs
// started without the attributes (before they were added, or by a schedule)
// are kept by the IS NULL arm and filtered here like all others.
func historyQuery(q HistoryQuery, searchAttributes bool) string {
	s := fmt.Sprintf("WorkflowType = '%s' AND StartTime >= '%s'", workflows.BoostWorkflowName, q.Since.UTC().Format(time.RFC3339))
	if prefix := globPrefix(q.Glob); searchAttributes && prefix != "" {
		s += fmt.Sprintf(" AND (%s STARTS_WITH '%s' OR %s IS NULL)", workflows.SearchAttrNamespace, prefix, workflows.SearchAttrNamespace)
	}
	return s
}

// globPrefix is the glob's literal start, before its first wildcard; the
// parser allows no quote in a glob, so it is safe inside a query string.
func globPrefix(glob string) string {
	if i := strings.IndexAny(glob, `*?[\`); i >= 0 {
		return glob[:i]
	}
	return glob
}

// History lists the boost runs (boosts and permanent changes, running and
// finished) matching q from Temporal visibility, newest first, each with
// its status read from the run itself.
func (e *TemporalEngine) History(ctx context.Context, q HistoryQuery) (HistoryList, error) {
	out := HistoryList{SearchAttributes: e.hasSearchAttributes(ctx), Retention: e.retention(ctx)}
	query := historyQuery(q, out.SearchAttributes)
	var token []byte
	for {
		resp, err := e.c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Query: query, NextPageToken: token, PageSize: 100})
		if err != nil {
			return HistoryList{}, fmt.Errorf("listing boost runs (%s): %w", query, err)
		}
		for _, ex := range resp.GetExecutions() {
			ns, ok := workflows.NamespaceFromBoostID(ex.GetExecution().GetWorkflowId())
			if !ok || (q.Glob != "" && !capacity.MatchNamespace(q.Glob, ns)) {
				continue
			}
			if len(out.Runs) == maxHistoryRuns {
				out.Truncated = true
				return out, nil
			}
			out.Runs = append(out.Runs, e.historyRun(ctx, ex, ns))
		}
		token = resp.GetNextPageToken()
		if len(token) == 0 {
			return out, nil
		}
	}
}

// historyRun reads one run: a running one's status query, a closed one's
// result (or, when it has none, its status query), and failing both the
// request from its memo.
func (e *TemporalEngine) historyRun(ctx context.Context, ex *workflowpb.WorkflowExecutionInfo, ns string) HistoryRun {
	id, runID := ex.GetExecution().GetWorkflowId(), ex.GetExecution().GetRunId()
	r := HistoryRun{
		Running:       ex.GetStatus() == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING,
		Scheduled:     ex.GetParentExecution() != nil,
		WorkflowStart: ex.GetStartTime().AsTime(),
	}
	if ex.GetCloseTime() != nil {
		r.WorkflowClose = ex.GetCloseTime().AsTime()
	}
	var err error
	if r.Running {
		r.Status, err = e.queryRun(ctx, id, runID)
	} else if err = e.c.GetWorkflow(ctx, id, runID).Get(ctx, &r.Status); err != nil {
		var qerr error
		if r.Status, qerr = e.queryRun(ctx, id, runID); qerr == nil {
			err = nil
		}
	}
	if err != nil {
		r.Unreadable = err.Error()
		r.Status = workflows.BoostStatus{}
		decodeMemo(ex.GetMemo(), workflows.MemoRequest, &r.Status.Request)
	}
	if r.Status.Request.Namespace == "" {
		r.Status.Request.Namespace = ns
	}
	if r.Status.WorkflowID == "" {
		r.Status.WorkflowID = id
	}
	return r
}

// retention is how long the Temporal namespace keeps closed runs; 0 when
// it cannot be read (no namespace configured, or no permission).
func (e *TemporalEngine) retention(ctx context.Context) time.Duration {
	if e.namespace == "" {
		return 0
	}
	resp, err := e.c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: e.namespace})
	if err != nil {
		return 0
	}
	return resp.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration()
}

// boostMemo is the memo a boost run starts with (MemoRequest).
func boostMemo(req workflows.BoostRequest) map[string]any {
	return map[string]any{workflows.MemoRequest: req}
}
