package workflows

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// TestBoostReplay replays a recorded boost history (exported from a real
// server with `temporal workflow show --output json`) to catch
// non-deterministic changes to the workflow code. The history is recorded by
// the end-to-end tests; until it exists the test is skipped.
func TestBoostReplay(t *testing.T) {
	path := filepath.Join("testdata", "boost_history.json")
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		t.Skipf("%s not recorded yet", path)
	}
	replayer := worker.NewWorkflowReplayer()
	replayer.RegisterWorkflowWithOptions(BoostWorkflow, workflow.RegisterOptions{Name: BoostWorkflowName})
	if err := replayer.ReplayWorkflowHistoryFromJSONFile(NewZapAdapter(nil), path); err != nil {
		t.Fatalf("replaying %s: %v", path, err)
	}
}
