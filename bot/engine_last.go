package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	enumspb "go.temporal.io/api/enums/v1"

	"github.com/capacitybot/capacitybot/workflows"
)

// LastBoost reads the namespace's latest boost run, running or closed, so
// `status <ns>` can say how the last boost ended. A closed run's result is
// its final status; a run that failed, was terminated or timed out has none,
// so its status is queried instead and marked failed if it was cut short.
// It returns ErrNoBoost when Temporal keeps no run of the namespace.
func (e *TemporalEngine) LastBoost(ctx context.Context, namespace string) (workflows.BoostStatus, error) {
	id := workflows.BoostWorkflowID(namespace)
	desc, err := e.c.DescribeWorkflowExecution(ctx, id, "")
	if err != nil {
		if isNotFound(err) {
			return workflows.BoostStatus{}, ErrNoBoost
		}
		return workflows.BoostStatus{}, fmt.Errorf("describing the last boost of %s: %w", namespace, err)
	}
	info := desc.GetWorkflowExecutionInfo()
	status := info.GetStatus()
	if status == enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
		return e.query(ctx, id)
	}
	var st workflows.BoostStatus
	resultErr := e.c.GetWorkflow(ctx, id, info.GetExecution().GetRunId()).Get(ctx, &st)
	if resultErr != nil {
		var qerr error
		if st, qerr = e.query(ctx, id); qerr != nil {
			return workflows.BoostStatus{}, fmt.Errorf("reading the last boost of %s: %w", namespace, errors.Join(resultErr, qerr))
		}
	}
	if st.WorkflowID == "" {
		st.WorkflowID = id
	}
	if st.EndedAt.IsZero() && info.GetCloseTime() != nil {
		st.EndedAt = info.GetCloseTime().AsTime()
	}
	if status != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED && !st.Phase.Final() {
		st.Phase = workflows.PhaseFailed
		st.Error = "its workflow was " + strings.ToLower(strings.TrimPrefix(status.String(), "WORKFLOW_EXECUTION_STATUS_")) + " before the boost finished"
	}
	return st, nil
}
