package bot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	workflowpb "go.temporal.io/api/workflow/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/capacitybot/capacitybot/workflows"
)

// fakeTemporal implements the few client.Client methods the engine uses;
// any other call panics on the nil embedded interface, which a test would
// report.
type fakeTemporal struct {
	client.Client
	running  map[string]workflows.BoostStatus // workflow ID → status
	closed   map[string]bool                  // IDs that exist but have ended
	starts   []client.StartWorkflowOptions
	startErr error
	updates  []client.UpdateWorkflowOptions
	reject   string
	pages    [][]string // ListWorkflow pages of workflow IDs
}

func (f *fakeTemporal) ExecuteWorkflow(_ context.Context, o client.StartWorkflowOptions, wf any, _ ...any) (client.WorkflowRun, error) {
	f.starts = append(f.starts, o)
	if f.startErr != nil {
		return nil, f.startErr
	}
	if _, ok := f.running[o.ID]; ok || f.closed[o.ID] {
		return nil, serviceerror.NewWorkflowExecutionAlreadyStarted("already started", "req", "run-1")
	}
	return nil, nil
}

type jsonValue struct{ b []byte }

func (v jsonValue) HasValue() bool    { return true }
func (v jsonValue) Get(ptr any) error { return json.Unmarshal(v.b, ptr) }
func (f *fakeTemporal) status(id string) (converter.EncodedValue, error) {
	st, ok := f.running[id]
	if !ok {
		return nil, serviceerror.NewNotFound("workflow not found")
	}
	b, err := json.Marshal(st)
	return jsonValue{b}, err
}

func (f *fakeTemporal) QueryWorkflow(_ context.Context, id, _ string, q string, _ ...any) (converter.EncodedValue, error) {
	if q != workflows.QueryStatus {
		return nil, errors.New("unknown query " + q)
	}
	return f.status(id)
}

func (f *fakeTemporal) ListWorkflow(_ context.Context, req *workflowservice.ListWorkflowExecutionsRequest) (*workflowservice.ListWorkflowExecutionsResponse, error) {
	if req.Query != activeBoostsQuery {
		return nil, errors.New("unexpected query " + req.Query)
	}
	page := 0
	if len(req.NextPageToken) > 0 {
		page = int(req.NextPageToken[0])
	}
	resp := &workflowservice.ListWorkflowExecutionsResponse{}
	for _, id := range f.pages[page] {
		resp.Executions = append(resp.Executions, &workflowpb.WorkflowExecutionInfo{Execution: &commonpb.WorkflowExecution{WorkflowId: id}})
	}
	if page+1 < len(f.pages) {
		resp.NextPageToken = []byte{byte(page + 1)}
	}
	return resp, nil
}

type fakeUpdate struct {
	client.WorkflowUpdateHandle
	st  workflows.BoostStatus
	err error
}

func (u fakeUpdate) Get(_ context.Context, ptr any) error {
	if u.err != nil {
		return u.err
	}
	*(ptr.(*workflows.BoostStatus)) = u.st
	return nil
}

func (f *fakeTemporal) UpdateWorkflow(_ context.Context, o client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	f.updates = append(f.updates, o)
	st, ok := f.running[o.WorkflowID]
	if !ok {
		return nil, serviceerror.NewNotFound("workflow not found")
	}
	if f.reject != "" {
		return fakeUpdate{err: temporal.NewApplicationError(f.reject, "RefusalError")}, nil
	}
	if req, ok := o.Args[0].(workflows.ExtendRequest); ok {
		st.End = req.NewEnd
	}
	return fakeUpdate{st: st}, nil
}

func newFakeTemporal() *fakeTemporal {
	return &fakeTemporal{running: map[string]workflows.BoostStatus{}, closed: map[string]bool{}}
}

func (f *fakeTemporal) boost(ns string, phase workflows.BoostPhase) {
	f.running[workflows.BoostWorkflowID(ns)] = workflows.BoostStatus{
		Request: workflows.BoostRequest{Namespace: ns, TRUs: 4}, Phase: phase, WorkflowID: workflows.BoostWorkflowID(ns)}
}

func TestEngineStartBoost(t *testing.T) {
	ctx := context.Background()
	f := newFakeTemporal()
	e := NewTemporalEngine(f, "tq")
	req := workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4, End: handlerNow.Add(time.Hour)}
	st, err := e.StartBoost(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if st.Phase != workflows.PhasePlanned || st.WorkflowID != "capacity-boost-payments.demo42" || st.Request.TRUs != 4 {
		t.Fatalf("status %+v", st)
	}
	o := f.starts[0]
	if o.ID != "capacity-boost-payments.demo42" || o.TaskQueue != "tq" ||
		o.WorkflowIDConflictPolicy != enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL ||
		o.WorkflowIDReusePolicy != enumspb.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE ||
		!o.WorkflowExecutionErrorWhenAlreadyStarted {
		t.Fatalf("options %+v", o)
	}

	f.boost("payments.demo42", workflows.PhaseActive)
	_, err = e.StartBoost(ctx, req)
	var running *BoostRunningError
	if !errors.As(err, &running) || running.Status.Phase != workflows.PhaseActive {
		t.Fatalf("second start: %v", err)
	}

	f.startErr = errors.New("unavailable")
	if _, err = e.StartBoost(ctx, req); err == nil || errors.As(err, &running) || !strings.Contains(err.Error(), "unavailable") {
		t.Fatalf("start error: %v", err)
	}
}

func TestEngineStartAnalysis(t *testing.T) {
	ctx := context.Background()
	f := newFakeTemporal()
	e := NewTemporalEngine(f, "tq")
	already, err := e.StartAnalysis(ctx, "capacity-analyze-C1-t1", workflows.AnalysisRequest{Channel: "C1", Post: true})
	if err != nil || already {
		t.Fatalf("first start: %v, %v", already, err)
	}
	if o := f.starts[0]; o.ID != "capacity-analyze-C1-t1" || o.WorkflowIDReusePolicy != enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE {
		t.Fatalf("options %+v", o)
	}
	f.closed["capacity-analyze-C1-t1"] = true
	already, err = e.StartAnalysis(ctx, "capacity-analyze-C1-t1", workflows.AnalysisRequest{Channel: "C1", Post: true})
	if err != nil || !already {
		t.Fatalf("redelivered start: %v, %v", already, err)
	}
}

func TestEngineStatusAndList(t *testing.T) {
	ctx := context.Background()
	f := newFakeTemporal()
	e := NewTemporalEngine(f, "tq")
	if _, err := e.BoostStatus(ctx, "payments.demo42"); !errors.Is(err, ErrNoBoost) {
		t.Fatalf("no boost: %v", err)
	}
	f.boost("payments.demo42", workflows.PhaseActive)
	f.boost("orders.demo42", workflows.PhaseDone)
	f.boost("search.demo42", workflows.PhaseReverting)
	if st, err := e.BoostStatus(ctx, "payments.demo42"); err != nil || st.Phase != workflows.PhaseActive {
		t.Fatalf("status: %+v, %v", st, err)
	}
	if _, err := e.BoostStatus(ctx, "orders.demo42"); !errors.Is(err, ErrNoBoost) {
		t.Fatalf("finished boost: %v", err)
	}
	f.pages = [][]string{
		{"capacity-boost-payments.demo42", "capacity-boost-orders.demo42"},
		{"capacity-boost-search.demo42", "capacity-boost-gone.demo42", "not-a-boost"},
	}
	list, err := e.ActiveBoosts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, st := range list {
		got = append(got, st.Request.Namespace+":"+string(st.Phase))
	}
	if strings.Join(got, ",") != "payments.demo42:active,search.demo42:reverting" {
		t.Fatalf("active boosts %v", got)
	}
}

func TestEngineUpdates(t *testing.T) {
	ctx := context.Background()
	f := newFakeTemporal()
	e := NewTemporalEngine(f, "tq")
	end := handlerNow.Add(3 * time.Hour)
	if _, err := e.Extend(ctx, "payments.demo42", workflows.ExtendRequest{NewEnd: end}); !errors.Is(err, ErrNoBoost) {
		t.Fatalf("extend without a boost: %v", err)
	}
	f.boost("payments.demo42", workflows.PhaseActive)
	st, err := e.Extend(ctx, "payments.demo42", workflows.ExtendRequest{NewEnd: end, Requester: "U1"})
	if err != nil || !st.End.Equal(end) {
		t.Fatalf("extend: %+v, %v", st, err)
	}
	o := f.updates[len(f.updates)-1]
	if o.UpdateName != workflows.UpdateExtend || o.WaitForStage != client.WorkflowUpdateStageCompleted || o.WorkflowID != "capacity-boost-payments.demo42" {
		t.Fatalf("update options %+v", o)
	}
	if _, err := e.RevertNow(ctx, "payments.demo42", workflows.RevertRequest{Requester: "U1"}); err != nil {
		t.Fatal(err)
	}
	if f.updates[len(f.updates)-1].UpdateName != workflows.UpdateRevertNow {
		t.Fatal("revert used the wrong update")
	}
	f.reject = "The boost of payments.demo42 is already being reverted."
	_, err = e.RevertNow(ctx, "payments.demo42", workflows.RevertRequest{})
	var rej *UpdateRejectedError
	if !errors.As(err, &rej) || rej.Message != f.reject {
		t.Fatalf("rejection: %v", err)
	}
}
