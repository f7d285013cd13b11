package bot

import (
	"context"
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/capacitybot/capacitybot/workflows"
)

// activeBoostsQuery lists the running boost workflows (visibility query).
const activeBoostsQuery = "WorkflowType = '" + workflows.BoostWorkflowName + "' AND ExecutionStatus = 'Running'"

// maxActiveBoosts bounds how many running boosts are listed and queried.
const maxActiveBoosts = 500

// TemporalEngine implements Engine over a Temporal client. It holds no state
// of its own: workflow IDs make every start idempotent, so several bot
// replicas can share one Temporal namespace.
type TemporalEngine struct {
	c         client.Client
	taskQueue string
	namespace string // the Temporal namespace, for its retention; "" unknown
	sa        searchAttrState
}

// NewTemporalEngine builds an Engine that starts workflows on taskQueue.
func NewTemporalEngine(c client.Client, taskQueue string) *TemporalEngine {
	return &TemporalEngine{c: c, taskQueue: taskQueue}
}

// WithNamespace names the Temporal namespace the client works in, so a
// history can say how far back the namespace keeps finished runs.
func (e *TemporalEngine) WithNamespace(ns string) *TemporalEngine {
	e.namespace = ns
	return e
}

var _ Engine = (*TemporalEngine)(nil)

// StartAnalysis starts the analysis workflow with the request-derived id.
// The ID conflict policy is FAIL with REJECT_DUPLICATE reuse, rather than
// USE_EXISTING, because the SDK does not say whether USE_EXISTING started a
// run: the already-started error does, and it also keeps a redelivered
// envelope from running a finished analysis again.
func (e *TemporalEngine) StartAnalysis(ctx context.Context, id string, req workflows.AnalysisRequest) (bool, error) {
	_, err := e.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                                       id,
		TaskQueue:                                e.taskQueue,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
	}, workflows.AnalysisWorkflowName, req)
	if err != nil {
		var started *serviceerror.WorkflowExecutionAlreadyStarted
		if errors.As(err, &started) {
			return true, nil
		}
		return false, fmt.Errorf("starting analysis workflow %s: %w", id, err)
	}
	return false, nil
}

// StartBoost starts the boost workflow of the namespace. Its ID is one per
// namespace and the conflict policy FAIL, so a second boost while one runs
// is refused with *BoostRunningError carrying the running one's state. The
// run starts with its request in the memo and, when the namespace has them,
// the history search attributes: set by the client, so no history changes.
func (e *TemporalEngine) StartBoost(ctx context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	id := workflows.BoostWorkflowID(req.Namespace)
	opts := client.StartWorkflowOptions{
		ID:                                       id,
		TaskQueue:                                e.taskQueue,
		WorkflowIDConflictPolicy:                 enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL,
		WorkflowIDReusePolicy:                    enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE,
		WorkflowExecutionErrorWhenAlreadyStarted: true,
		Memo:                                     boostMemo(req),
	}
	if e.hasSearchAttributes(ctx) {
		opts.TypedSearchAttributes = workflows.BoostSearchAttributes(req)
	}
	_, err := e.c.ExecuteWorkflow(ctx, opts, workflows.BoostWorkflowName, req)
	if err != nil {
		var started *serviceerror.WorkflowExecutionAlreadyStarted
		if !errors.As(err, &started) {
			return workflows.BoostStatus{}, fmt.Errorf("starting boost workflow %s: %w", id, err)
		}
		st, qerr := e.query(ctx, id)
		if qerr != nil {
			st = workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: req.Namespace}, WorkflowID: id,
				Message: "its state could not be read: " + qerr.Error()}
		}
		return workflows.BoostStatus{}, &BoostRunningError{Status: st}
	}
	// The workflow answers queries only once a worker has run its first
	// task; the planned state is known without asking.
	return workflows.BoostStatus{
		Request:    req,
		Phase:      workflows.PhasePlanned,
		Target:     req.Target(),
		End:        req.End,
		DryRun:     req.DryRun,
		WorkflowID: id,
	}, nil
}

// BoostStatus queries the namespace's boost workflow. A boost that has ended,
// or was never started, is ErrNoBoost.
func (e *TemporalEngine) BoostStatus(ctx context.Context, namespace string) (workflows.BoostStatus, error) {
	st, err := e.query(ctx, workflows.BoostWorkflowID(namespace))
	if err != nil {
		if isNotFound(err) {
			return workflows.BoostStatus{}, ErrNoBoost
		}
		return workflows.BoostStatus{}, fmt.Errorf("querying boost of %s: %w", namespace, err)
	}
	if st.Phase.Final() {
		return workflows.BoostStatus{}, ErrNoBoost
	}
	return st, nil
}

func (e *TemporalEngine) query(ctx context.Context, id string) (workflows.BoostStatus, error) {
	return e.queryRun(ctx, id, "")
}

// queryRun queries one run's status; runID "" is the latest run.
func (e *TemporalEngine) queryRun(ctx context.Context, id, runID string) (workflows.BoostStatus, error) {
	v, err := e.c.QueryWorkflow(ctx, id, runID, workflows.QueryStatus)
	if err != nil {
		return workflows.BoostStatus{}, err
	}
	var st workflows.BoostStatus
	if err := v.Get(&st); err != nil {
		return workflows.BoostStatus{}, fmt.Errorf("decoding status of %s: %w", id, err)
	}
	return st, nil
}

// ActiveBoosts lists the running boost workflows and queries each. A boost
// whose query fails is still listed, with the failure in its Error.
func (e *TemporalEngine) ActiveBoosts(ctx context.Context) ([]workflows.BoostStatus, error) {
	var out []workflows.BoostStatus
	var token []byte
	for {
		resp, err := e.c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Query: activeBoostsQuery, NextPageToken: token, PageSize: 100,
		})
		if err != nil {
			return nil, fmt.Errorf("listing running boosts: %w", err)
		}
		for _, ex := range resp.GetExecutions() {
			id := ex.GetExecution().GetWorkflowId()
			ns, ok := workflows.NamespaceFromBoostID(id)
			if !ok {
				continue
			}
			st, err := e.query(ctx, id)
			if err != nil {
				if isNotFound(err) {
					continue // ended between the list and the query
				}
				st = workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: ns}, WorkflowID: id,
					Error: "its state could not be read: " + err.Error()}
			}
			if st.Phase.Final() {
				continue
			}
			out = append(out, st)
			if len(out) >= maxActiveBoosts {
				return out, nil
			}
		}
		token = resp.GetNextPageToken()
		if len(token) == 0 {
			return out, nil
		}
	}
}

// Extend asks the running boost to move its end (an update, so the answer
// says whether the workflow accepted it).
func (e *TemporalEngine) Extend(ctx context.Context, namespace string, req workflows.ExtendRequest) (workflows.BoostStatus, error) {
	return e.update(ctx, namespace, workflows.UpdateExtend, req)
}

// RevertNow asks the running boost to revert now.
func (e *TemporalEngine) RevertNow(ctx context.Context, namespace string, req workflows.RevertRequest) (workflows.BoostStatus, error) {
	return e.update(ctx, namespace, workflows.UpdateRevertNow, req)
}

// DecideExternalChange tells the boost what to do about a capacity changed
// outside the bot: revert it anyway, or leave it as is.
func (e *TemporalEngine) DecideExternalChange(ctx context.Context, namespace string, req workflows.ExternalChangeRequest) (workflows.BoostStatus, error) {
	return e.update(ctx, namespace, workflows.UpdateExternalChange, req)
}

// AnswerApproval sends an approver's Approve or Deny to the waiting boost.
func (e *TemporalEngine) AnswerApproval(ctx context.Context, namespace string, d workflows.ApprovalDecision, req workflows.ApprovalRequest) (workflows.BoostStatus, error) {
	name := workflows.UpdateDeny
	if d == workflows.ApprovalGranted {
		name = workflows.UpdateApprove
	}
	return e.update(ctx, namespace, name, req)
}

func (e *TemporalEngine) update(ctx context.Context, namespace, name string, arg any) (workflows.BoostStatus, error) {
	id := workflows.BoostWorkflowID(namespace)
	h, err := e.c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{
		WorkflowID:   id,
		UpdateName:   name,
		Args:         []any{arg},
		WaitForStage: client.WorkflowUpdateStageCompleted,
	})
	var st workflows.BoostStatus
	if err == nil {
		err = h.Get(ctx, &st)
	}
	if err != nil {
		if isNotFound(err) {
			return workflows.BoostStatus{}, ErrNoBoost
		}
		var appErr *temporal.ApplicationError
		if errors.As(err, &appErr) {
			return workflows.BoostStatus{}, &UpdateRejectedError{Namespace: namespace, Message: appErr.Message()}
		}
		return workflows.BoostStatus{}, fmt.Errorf("%s update of %s: %w", name, id, err)
	}
	return st, nil
}

// isNotFound reports whether the workflow does not exist or has completed.
func isNotFound(err error) bool {
	var nf *serviceerror.NotFound
	return errors.As(err, &nf)
}
