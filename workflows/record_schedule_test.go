//go:build recordhistory

package workflows

import (
	"context"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/clients"
)

// recordScheduledBoost runs a recurring boost as its Temporal Schedule
// starts it (triggered now, for a window of the next few minutes), ends the
// boost early with revert_now so the run is short, and records the
// schedule's run (the boost's own history is a boost like the others).
func recordScheduledBoost(ctx context.Context, rec *recorder) error {
	return recordScheduledBoostRun(ctx, rec, histScheduledBoost, "")
}

// recordScheduledBoostApproved is recordScheduledBoost for a schedule
// approved at its creation (by U2): an 8-TRU boost over a 6-TRU rule, whose
// run checks its approver and boosts without asking again.
func recordScheduledBoostApproved(ctx context.Context, rec *recorder) error {
	return recordScheduledBoostRun(ctx, rec, histScheduledBoostApproved, "U2")
}

func recordScheduledBoostRun(ctx context.Context, rec *recorder, file, approver string) error {
	p := boostTestPolicy()
	p.RemindBefore = 0
	trus, ns := 4.0, boostNS
	acts, _ := boostRecordActivities(p)
	if approver != "" {
		// Another namespace: the two scheduled recordings run in parallel,
		// and a namespace has one boost at a time.
		p.ApprovalAboveTRUs, p.ApprovalTimeout, trus, ns = 6, time.Hour, 8, "payments.approved1"
		cloud := newBoostFakeCloud(ns, clients.OnDemand())
		cloud.checkEvery = time.Second
		acts.Cloud, acts.Policy = cloud, p
		acts.Approvers = &fakeApprovers{allowed: map[string]bool{"U2": true}}
	}
	stop, err := rec.startWorker(acts)
	if err != nil {
		return err
	}
	defer stop()
	now := time.Now().UTC()
	sb := ScheduledBoost{Namespace: ns, TRUs: trus, Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6},
		Start: now.Format("15:04"), End: now.Add(3 * time.Minute).Format("15:04"), TimeZone: "UTC",
		Reason: "recording", Requester: "U1", Channel: "C1", Approver: approver}
	id, runID, err := rec.scheduleRun(ctx, ScheduledBoostWorkflowName, sb)
	if err != nil {
		return err
	}
	if err := boostUpdateWhenActive(ctx, rec.c, BoostWorkflowID(sb.Namespace), UpdateRevertNow, RevertRequest{Requester: "U2"}); err != nil {
		return err
	}
	var st BoostStatus
	if err := rec.c.GetWorkflow(ctx, id, runID).Get(ctx, &st); err != nil {
		return fmt.Errorf("running the scheduled boost: %w", err)
	}
	if st.Phase != PhaseDone {
		return fmt.Errorf("scheduled boost ended %s: %s", st.Phase, st.Message)
	}
	return rec.save(ctx, file, id, runID)
}

// recordScheduledReport runs the analysis as a scheduled report's Schedule
// starts it: posted, for the namespaces matching a glob.
func recordScheduledReport(ctx context.Context, rec *recorder) error {
	stop, err := rec.startWorker(analysisRecordActivities())
	if err != nil {
		return err
	}
	defer stop()
	id, runID, err := rec.scheduleRun(ctx, AnalysisWorkflowName,
		AnalysisRequest{Globs: []string{"payments*"}, Channel: "C1", Requester: "U1", Post: true})
	if err != nil {
		return err
	}
	var report AnalysisReport
	if err := rec.c.GetWorkflow(ctx, id, runID).Get(ctx, &report); err != nil {
		return fmt.Errorf("running the scheduled report: %w", err)
	}
	return rec.save(ctx, histScheduledReport, id, runID)
}

// scheduleRun creates a Schedule (no calendar: it only runs when triggered)
// that starts workflow with arg on the scenario's queue, triggers it once,
// and returns the run it started. The schedule is deleted on return.
func (r *recorder) scheduleRun(ctx context.Context, workflow string, arg any) (id, runID string, err error) {
	h, err := r.c.ScheduleClient().Create(ctx, client.ScheduleOptions{
		ID:                 r.queue,
		Spec:               client.ScheduleSpec{},
		Action:             &client.ScheduleWorkflowAction{ID: r.queue + "-run", Workflow: workflow, Args: []any{arg}, TaskQueue: r.queue},
		Overlap:            enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		TriggerImmediately: true,
	})
	if err != nil {
		return "", "", fmt.Errorf("creating the schedule: %w", err)
	}
	defer func() { _ = h.Delete(context.WithoutCancel(ctx)) }()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		desc, err := h.Describe(ctx)
		if err == nil && len(desc.Info.RecentActions) > 0 {
			if res := desc.Info.RecentActions[0].StartWorkflowResult; res != nil {
				return res.WorkflowID, res.FirstExecutionRunID, nil
			}
		}
		select {
		case <-ctx.Done():
			return "", "", fmt.Errorf("waiting for the schedule's run: %w", ctx.Err())
		case <-tick.C:
		}
	}
}
