package workflows

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"
)

// recordedHistory is a real run of a workflow, recorded on a Temporal server
// and kept under testdata. Replaying it on the current code catches a change
// that would break runs of that kind already in flight.
type recordedHistory struct {
	file     string // under testdata
	workflow string // registered workflow type
	// kept is set for a history the recorder cannot produce any more (it was
	// recorded on older code, which is the point of keeping it).
	kept string
}

// Recorded history files. TestRecordHistories (build tag recordhistory)
// writes all but the kept ones.
const (
	histBoostHappy        = "boost_happy.json"
	histBoostFailedApply  = "boost_failed_apply.json"
	histBoostFailedRevert = "boost_failed_revert.json"
	histBoostExtend       = "boost_extend.json"
	histBoostRevertNow    = "boost_revert_now.json"
	histBoostDryRun       = "boost_dry_run.json"
	histBoostFailedV0     = "boost_failed_apply_v0.json"
	// The capacity changed outside the bot during the boost
	// (boostExternalChangeVersion): reverted anyway, left as is, no answer.
	histBoostOutsideRevertAnyway = "boost_outside_revert_anyway.json"
	histBoostOutsideLeave        = "boost_outside_leave.json"
	histBoostOutsideTimeout      = "boost_outside_timeout.json"
	histScheduledBoost           = "scheduled_boost.json"
	histWatchFirstRun            = "watch_run1.json"
	histWatchContinuedRun        = "watch_run2.json"
	histAnalysis                 = "analysis.json"
	histAnalysisV0               = "analysis_v0.json"
	histScheduledReport          = "scheduled_report.json"
	histHomeRun                  = "home_run1.json"
	histMetricsBudgetRun         = "metrics_budget_run1.json"
	histSetProvisioned           = "set_provisioned.json"
	histSetOnDemand              = "set_on_demand.json"
	histSetFailed                = "set_failed.json"
	histSetDryRun                = "set_dry_run.json"
	// Approvals: granted, denied, expired, and an approved extension.
	histBoostApprovalGranted = "boost_approval_granted.json"
	histBoostApprovalDenied  = "boost_approval_denied.json"
	histBoostApprovalExpired = "boost_approval_expired.json"
	histBoostExtendApproval  = "boost_extend_approval.json"
	// A run of a schedule approved at its creation (checks its approver).
	histScheduledBoostApproved = "scheduled_boost_approved.json"
)

func recordedHistories() []recordedHistory {
	return []recordedHistory{
		{file: histBoostHappy, workflow: BoostWorkflowName},
		{file: histBoostFailedApply, workflow: BoostWorkflowName},
		{file: histBoostFailedRevert, workflow: BoostWorkflowName},
		{file: histBoostExtend, workflow: BoostWorkflowName},
		{file: histBoostRevertNow, workflow: BoostWorkflowName},
		{file: histBoostDryRun, workflow: BoostWorkflowName},
		{file: histBoostOutsideRevertAnyway, workflow: BoostWorkflowName},
		{file: histBoostOutsideLeave, workflow: BoostWorkflowName},
		{file: histBoostOutsideTimeout, workflow: BoostWorkflowName},
		{file: histBoostApprovalGranted, workflow: BoostWorkflowName},
		{file: histBoostApprovalDenied, workflow: BoostWorkflowName},
		{file: histBoostApprovalExpired, workflow: BoostWorkflowName},
		{file: histBoostExtendApproval, workflow: BoostWorkflowName},
		{file: histBoostFailedV0, workflow: BoostWorkflowName,
			kept: "recorded on e16beab^, before the failed boost's alert moved after the check of the capacity (boostAlertStateVersion)"},
		{file: histSetProvisioned, workflow: BoostWorkflowName},
		{file: histSetOnDemand, workflow: BoostWorkflowName},
		{file: histSetFailed, workflow: BoostWorkflowName},
		{file: histSetDryRun, workflow: BoostWorkflowName},
		{file: histScheduledBoost, workflow: ScheduledBoostWorkflowName},
		{file: histScheduledBoostApproved, workflow: ScheduledBoostWorkflowName},
		{file: histWatchFirstRun, workflow: ThrottleWatchWorkflowName},
		{file: histWatchContinuedRun, workflow: ThrottleWatchWorkflowName},
		{file: histAnalysis, workflow: AnalysisWorkflowName},
		{file: histAnalysisV0, workflow: AnalysisWorkflowName,
			kept: "recorded on 9523ebc, before the analysis read the account in pages (analysisPagedVersion)"},
		{file: histScheduledReport, workflow: AnalysisWorkflowName},
		{file: histHomeRun, workflow: HomeWorkflowName},
		{file: histMetricsBudgetRun, workflow: MetricsBudgetWorkflowName},
	}
}

func historyPath(file string) string { return filepath.Join("testdata", file) }

// TestReplayHistories replays every recorded history on the current workflow
// code. A missing file fails: a history that silently stops being replayed
// protects nothing.
func TestReplayHistories(t *testing.T) {
	replayer := worker.NewWorkflowReplayer()
	Register(replayRegistry{replayer: replayer}, &Activities{})
	for _, h := range recordedHistories() {
		t.Run(h.file, func(t *testing.T) {
			path := historyPath(h.file)
			f, err := os.Open(path)
			if errors.Is(err, os.ErrNotExist) {
				if h.kept != "" {
					t.Fatalf("%s is missing; it cannot be re-recorded on this code: it was %s", path, h.kept)
				}
				t.Fatalf("%s is missing: re-record with go test -tags recordhistory -count=1 ./workflows -run RecordHistories", path)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			hist, err := client.HistoryFromJSON(f, client.HistoryJSONOptions{})
			if err != nil {
				t.Fatalf("reading %s: %v", path, err)
			}
			if len(hist.GetEvents()) == 0 {
				t.Fatalf("%s has no events", path)
			}
			if got := hist.GetEvents()[0].GetWorkflowExecutionStartedEventAttributes().GetWorkflowType().GetName(); got != h.workflow {
				t.Fatalf("%s is a run of %q, listed as %s", path, got, h.workflow)
			}
			logger := NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
			if err := replayer.ReplayWorkflowHistory(logger, hist); err != nil {
				t.Fatalf("replaying %s (a run of %s): %v", path, h.workflow, err)
			}
		})
	}
}

// TestEveryWorkflowHasRecordedHistory fails when a workflow type is
// registered without a recorded history to replay.
func TestEveryWorkflowHasRecordedHistory(t *testing.T) {
	reg := replayRegistry{replayer: worker.NewWorkflowReplayer(), names: new([]string)}
	Register(reg, &Activities{})
	if len(*reg.names) == 0 {
		t.Fatal("Register registered no workflow")
	}
	for _, name := range *reg.names {
		if !slices.ContainsFunc(recordedHistories(), func(h recordedHistory) bool { return h.workflow == name }) {
			t.Errorf("workflow %s has no recorded history in recordedHistories", name)
		}
	}
}

// replayRegistry lets Register, the production registration, fill a replayer:
// workflows go to the replayer under their registered names, activities are
// not needed to replay and are dropped. Nexus services are not registered by
// this package; the embedded nil Registry would panic if one were.
type replayRegistry struct {
	worker.Registry
	replayer worker.WorkflowReplayer
	names    *[]string // registered workflow names, when set
}

func (r replayRegistry) RegisterWorkflow(w any) {
	r.RegisterWorkflowWithOptions(w, workflow.RegisterOptions{})
}

func (r replayRegistry) RegisterWorkflowWithOptions(w any, o workflow.RegisterOptions) {
	if r.names != nil {
		*r.names = append(*r.names, o.Name)
	}
	r.replayer.RegisterWorkflowWithOptions(w, o)
}

func (r replayRegistry) RegisterActivity(any) {}

func (r replayRegistry) RegisterActivityWithOptions(any, activity.RegisterOptions) {}
