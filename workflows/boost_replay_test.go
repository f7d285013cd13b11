package workflows

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// boostHistoryFile is a recorded run of BoostWorkflow (with an extend update
// and a status query). Replaying it catches a change to the workflow code
// that would break boosts already running.
func boostHistoryFile() string { return filepath.Join("testdata", "boost_history.json") }

func TestBoostReplay(t *testing.T) {
	path := boostHistoryFile()
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not recorded yet (run with RECORD_HISTORY=1 against a Temporal server)", path)
	}
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflowWithOptions(BoostWorkflow, workflow.RegisterOptions{Name: BoostWorkflowName})
	if err := replayer.ReplayWorkflowHistoryFromJSONFile(NewZapAdapter(nil), path); err != nil {
		t.Fatalf("replaying %s: %v", path, err)
	}
}

// TestRecordBoostHistory writes testdata/boost_history.json from a real run
// of about a minute. It needs a Temporal server: RECORD_HISTORY=1, and
// TEMPORAL_ADDRESS (default localhost:7233) and TEMPORAL_NAMESPACE (default
// "default").
func TestRecordBoostHistory(t *testing.T) {
	if os.Getenv("RECORD_HISTORY") != "1" {
		t.Skip("set RECORD_HISTORY=1 (and TEMPORAL_ADDRESS) to record the boost history")
	}
	addr, ns := os.Getenv("TEMPORAL_ADDRESS"), os.Getenv("TEMPORAL_NAMESPACE")
	if addr == "" {
		addr = "localhost:7233"
	}
	if ns == "" {
		ns = "default"
	}
	c, err := client.Dial(client.Options{HostPort: addr, Namespace: ns})
	if err != nil {
		t.Fatalf("connecting to Temporal at %s: %v", addr, err)
	}
	defer c.Close()
	if err := recordBoostHistory(context.Background(), c, boostHistoryFile()); err != nil {
		t.Fatal(err)
	}
}

func recordBoostHistory(ctx context.Context, c client.Client, path string) error {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cloud := newBoostFakeCloud(boostNS, clients.Provisioned(2))
	cloud.opDelay = 2 * time.Second
	p := boostTestPolicy()
	p.RemindBefore = 10 * time.Second
	acts := &Activities{Cloud: cloud, Notifier: &boostFakeNotifier{}, Policy: p, Simulated: true}

	queue := fmt.Sprintf("boost-record-%d", time.Now().UnixNano())
	w := worker.New(c, queue, worker.Options{})
	registerBoost(w, acts)
	if err := w.Start(); err != nil {
		return fmt.Errorf("starting worker: %w", err)
	}
	defer w.Stop()

	req := BoostRequest{Namespace: boostNS, TRUs: 6, End: time.Now().Add(30 * time.Second), Requester: "U1", Channel: "C1", Reason: "recording"}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: queue, TaskQueue: queue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL}, BoostWorkflowName, req)
	if err != nil {
		return fmt.Errorf("starting boost: %w", err)
	}
	if err := waitBoostPhase(ctx, c, run.GetID(), PhaseActive); err != nil {
		return err
	}
	handle, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: run.GetID(), UpdateName: UpdateExtend,
		Args: []any{ExtendRequest{NewEnd: req.End.Add(10 * time.Second), Requester: "U2"}}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err != nil {
		return fmt.Errorf("extending boost: %w", err)
	}
	if err := handle.Get(ctx, nil); err != nil {
		return fmt.Errorf("extending boost: %w", err)
	}
	var st BoostStatus
	if err := run.Get(ctx, &st); err != nil {
		return fmt.Errorf("running boost: %w", err)
	}
	if st.Phase != PhaseDone {
		return fmt.Errorf("recorded boost ended %s: %s", st.Phase, st.Message)
	}
	return writeHistory(ctx, c, run.GetID(), run.GetRunID(), path)
}

// waitBoostPhase polls the status query until the boost reaches phase.
func waitBoostPhase(ctx context.Context, c client.Client, id string, phase BoostPhase) error {
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		v, err := c.QueryWorkflow(ctx, id, "", QueryStatus)
		if err == nil {
			var st BoostStatus
			if err := v.Get(&st); err == nil && st.Phase == phase {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("waiting for boost phase %s: %w", phase, ctx.Err())
		case <-tick.C:
		}
	}
}
