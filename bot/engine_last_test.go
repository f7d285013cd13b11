package bot

import (
	"context"
	"errors"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"google.golang.org/protobuf/types/known/timestamppb"

	"github.com/capacitybot/capacitybot/workflows"
)

// lastFake adds what LastBoost reads to fakeTemporal: the latest run's
// description and result.
type lastFake struct {
	*fakeTemporal
	status      enumspb.WorkflowExecutionStatus // 0: no run
	closeTime   time.Time
	result      workflows.BoostStatus
	resultErr   error
	describeErr error
}

func (f *lastFake) DescribeWorkflowExecution(_ context.Context, id, _ string) (*workflowservice.DescribeWorkflowExecutionResponse, error) {
	if f.describeErr != nil {
		return nil, f.describeErr
	}
	if f.status == enumspb.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED {
		return nil, serviceerror.NewNotFound("workflow not found")
	}
	info := &workflowpb.WorkflowExecutionInfo{Execution: &commonpb.WorkflowExecution{WorkflowId: id, RunId: "run-1"}, Status: f.status}
	if !f.closeTime.IsZero() {
		info.CloseTime = timestamppb.New(f.closeTime)
	}
	return &workflowservice.DescribeWorkflowExecutionResponse{WorkflowExecutionInfo: info}, nil
}

type lastRun struct {
	client.WorkflowRun
	st  workflows.BoostStatus
	err error
}

func (r lastRun) Get(_ context.Context, ptr any) error {
	if r.err != nil {
		return r.err
	}
	*(ptr.(*workflows.BoostStatus)) = r.st
	return nil
}

func (f *lastFake) GetWorkflow(_ context.Context, _, _ string) client.WorkflowRun {
	return lastRun{st: f.result, err: f.resultErr}
}

func TestEngineLastBoost(t *testing.T) {
	const ns = "payments.demo42"
	closed := handlerNow.Add(-time.Hour)
	done := workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: ns, TRUs: 4}, Phase: workflows.PhaseDone,
		EndedAt: closed.Add(-time.Second), EndReason: workflows.EndTimeReached, WorkflowID: workflows.BoostWorkflowID(ns)}
	cases := []struct {
		name    string
		setup   func(f *lastFake)
		wantErr error
		check   func(t *testing.T, st workflows.BoostStatus)
	}{
		{name: "never boosted", setup: func(*lastFake) {}, wantErr: ErrNoBoost},
		{name: "running: its query", setup: func(f *lastFake) {
			f.status = enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING
			f.boost(ns, workflows.PhaseActive)
		}, check: func(t *testing.T, st workflows.BoostStatus) {
			if st.Phase != workflows.PhaseActive {
				t.Errorf("phase %s, want active", st.Phase)
			}
		}},
		{name: "completed: its result", setup: func(f *lastFake) {
			f.status, f.closeTime, f.result = enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED, closed, done
		}, check: func(t *testing.T, st workflows.BoostStatus) {
			if st.Phase != workflows.PhaseDone || !st.EndedAt.Equal(done.EndedAt) || st.EndReason != workflows.EndTimeReached {
				t.Errorf("status %+v, want the result", st)
			}
		}},
		{name: "terminated mid-hold: queried, marked failed, ended at its close", setup: func(f *lastFake) {
			f.status, f.closeTime, f.resultErr = enumspb.WORKFLOW_EXECUTION_STATUS_TERMINATED, closed, errors.New("workflow terminated")
			f.boost(ns, workflows.PhaseActive)
		}, check: func(t *testing.T, st workflows.BoostStatus) {
			if st.Phase != workflows.PhaseFailed || st.Error != "its workflow was terminated before the boost finished" || !st.EndedAt.Equal(closed) {
				t.Errorf("status %+v, want failed, terminated, ended at the close", st)
			}
		}},
		{name: "unreadable", setup: func(f *lastFake) { f.describeErr = errors.New("unavailable") }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := &lastFake{fakeTemporal: newFakeTemporal()}
			tc.setup(f)
			st, err := NewTemporalEngine(f, "tq").LastBoost(context.Background(), ns)
			switch {
			case tc.check != nil:
				if err != nil {
					t.Fatal(err)
				}
				tc.check(t, st)
			case tc.wantErr != nil:
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("error %v, want %v", err, tc.wantErr)
				}
			default:
				if err == nil || errors.Is(err, ErrNoBoost) {
					t.Fatalf("error %v, want a read failure", err)
				}
			}
		})
	}
}
