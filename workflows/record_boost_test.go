//go:build recordhistory

package workflows

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/clients"
)

// boostRecording is a boost run to record: the request (end relative to
// now), faults and policy, what to do while it runs, and how it must end.
// Boosts last seconds, so histories stay short.
type boostRecording struct {
	file  string
	end   time.Duration
	setup func(cloud *boostFakeCloud, p *Policy, req *BoostRequest)
	drive func(ctx context.Context, c client.Client, id string, req BoostRequest, cloud *boostFakeCloud) error
	want  BoostPhase
}

func boostRecordScenarios() []recordScenario {
	permissionDenied := &clients.Error{Op: "UpdateNamespace", Namespace: boostNS, Kind: clients.KindPermission, Err: errors.New("denied")}
	recordings := []boostRecording{
		{file: histBoostHappy, end: 12 * time.Second, want: PhaseDone,
			setup: func(_ *boostFakeCloud, p *Policy, _ *BoostRequest) { p.RemindBefore = 5 * time.Second }},
		// Cloud Ops refuses the change. Reads are slower than chat posts, as
		// they often are, so the check of the capacity after the refusal
		// ends after the thread's step is posted: the history then shows
		// whether the alert waits for that check (it does since e16beab).
		{file: histBoostFailedApply, end: time.Hour, want: PhaseFailed,
			setup: func(cloud *boostFakeCloud, _ *Policy, _ *BoostRequest) {
				cloud.setErr = func(int, boostFakeSet) error { return permissionDenied }
				cloud.readDelay = 500 * time.Millisecond
			}},
		// The first revert is refused; the second round, 30 s later, works.
		{file: histBoostFailedRevert, end: 4 * time.Second, want: PhaseDone,
			setup: func(cloud *boostFakeCloud, _ *Policy, _ *BoostRequest) {
				refused := false
				cloud.setErr = func(_ int, call boostFakeSet) error {
					if call.Target.Equal(clients.OnDemand()) && !refused {
						refused = true
						return permissionDenied
					}
					return nil
				}
			}},
		{file: histBoostExtend, end: 6 * time.Second, want: PhaseDone,
			drive: func(ctx context.Context, c client.Client, id string, req BoostRequest, _ *boostFakeCloud) error {
				return boostUpdateWhenActive(ctx, c, id, UpdateExtend, ExtendRequest{NewEnd: req.End.Add(4 * time.Second), Requester: "U2"})
			}},
		{file: histBoostRevertNow, end: time.Hour, want: PhaseDone,
			drive: func(ctx context.Context, c client.Client, id string, _ BoostRequest, _ *boostFakeCloud) error {
				return boostUpdateWhenActive(ctx, c, id, UpdateRevertNow, RevertRequest{Requester: "U2"})
			}},
		{file: histBoostDryRun, end: time.Hour, want: PhaseDone,
			setup: func(_ *boostFakeCloud, _ *Policy, req *BoostRequest) { req.DryRun = true }},
		// Someone sets 6 TRUs outside the bot during the boost; before the
		// revert the boost asks, and a person answers (or nobody does).
		{file: histBoostOutsideRevertAnyway, end: 6 * time.Second, want: PhaseDone,
			setup: func(_ *boostFakeCloud, p *Policy, _ *BoostRequest) { p.ExternalChangeTimeout = time.Hour },
			drive: boostDecideOutsideChange(DecisionRevertAnyway)},
		{file: histBoostOutsideLeave, end: 6 * time.Second, want: PhaseDone,
			setup: func(_ *boostFakeCloud, p *Policy, _ *BoostRequest) { p.ExternalChangeTimeout = time.Hour },
			drive: boostDecideOutsideChange(DecisionLeaveAsIs)},
		{file: histBoostOutsideTimeout, end: 6 * time.Second, want: PhaseDone,
			setup: func(_ *boostFakeCloud, p *Policy, _ *BoostRequest) { p.ExternalChangeTimeout = 2 * time.Second },
			drive: boostDecideOutsideChange("")},
		// Approvals (two-person rule): an 8-TRU boost over a 6-TRU rule
		// waits for U2 (granted, denied) or for nobody (expired); an
		// extension past the length rule is approved.
		{file: histBoostApprovalGranted, end: 6 * time.Second, want: PhaseDone,
			setup: recordApproval(8, 0), drive: boostAnswerApproval(UpdateApprove)},
		{file: histBoostApprovalDenied, end: time.Hour, want: PhaseDone,
			setup: recordApproval(8, 0), drive: boostAnswerApproval(UpdateDeny)},
		{file: histBoostApprovalExpired, end: time.Hour, want: PhaseDone,
			setup: recordApproval(8, 0)},
		{file: histBoostExtendApproval, end: 6 * time.Second, want: PhaseDone,
			setup: recordApproval(4, 8*time.Second),
			drive: func(ctx context.Context, c client.Client, id string, req BoostRequest, _ *boostFakeCloud) error {
				if err := boostUpdateWhenActive(ctx, c, id, UpdateExtend, ExtendRequest{NewEnd: req.End.Add(4 * time.Second), Requester: "U1"}); err != nil {
					return err
				}
				return boostUpdate(ctx, c, id, UpdateApprove, ApprovalRequest{Approver: "U2", Note: "fine"})
			}},
		// Permanent changes (/capacity set), from a report's Apply button.
		{file: histSetProvisioned, want: PhaseDone, setup: recordSet(nil)},
		{file: histSetOnDemand, want: PhaseDone, setup: recordSet(func(cloud *boostFakeCloud, req *BoostRequest) {
			c := cloud.caps[boostNS]
			c.Current = clients.Provisioned(8)
			cloud.caps[boostNS] = c
			req.TRUs, req.OnDemand = 0, true
		})},
		{file: histSetFailed, want: PhaseFailed, setup: recordSet(func(cloud *boostFakeCloud, _ *BoostRequest) {
			cloud.setErr = func(int, boostFakeSet) error { return permissionDenied }
		})},
		{file: histSetDryRun, want: PhaseDone, setup: recordSet(func(_ *boostFakeCloud, req *BoostRequest) { req.DryRun = true })},
	}
	out := make([]recordScenario, 0, len(recordings))
	for _, b := range recordings {
		name := b.file[:len(b.file)-len(".json")]
		out = append(out, recordScenario{name: name, record: b.record})
	}
	return out
}

// recordSet makes a recording's request a permanent change from a
// report's Apply button, then applies more.
func recordSet(more func(cloud *boostFakeCloud, req *BoostRequest)) func(*boostFakeCloud, *Policy, *BoostRequest) {
	return func(cloud *boostFakeCloud, _ *Policy, req *BoostRequest) {
		req.End, req.Permanent = time.Time{}, true
		req.Report = &MessageRef{Channel: "C9", TS: "1700000000.000009"}
		if more != nil {
			more(cloud, req)
		}
	}
}

// recordApproval makes a recording's boost trus, under a policy asking
// approval above 6 TRUs and (longer > 0) longer than longer, expiring after
// 2 s.
func recordApproval(trus float64, longer time.Duration) func(*boostFakeCloud, *Policy, *BoostRequest) {
	return func(_ *boostFakeCloud, p *Policy, req *BoostRequest) {
		p.ApprovalAboveTRUs, p.ApprovalLongerThan, p.ApprovalTimeout = 6, longer, 2*time.Second
		req.TRUs = trus
	}
}

// boostAnswerApproval waits for the boost to ask for approval and answers
// as U2.
func boostAnswerApproval(update string) func(context.Context, client.Client, string, BoostRequest, *boostFakeCloud) error {
	return func(ctx context.Context, c client.Client, id string, _ BoostRequest, _ *boostFakeCloud) error {
		if err := waitBoostPhase(ctx, c, id, PhaseAwaitingApproval); err != nil {
			return err
		}
		return boostUpdate(ctx, c, id, update, ApprovalRequest{Approver: "U2", Note: "recorded"})
	}
}

// boostRecordActivities are the boost's activities over a fake Cloud Ops
// whose changes land at once and are polled after a second.
func boostRecordActivities(p Policy) (*Activities, *boostFakeCloud) {
	cloud := newBoostFakeCloud(boostNS, clients.OnDemand())
	cloud.checkEvery = time.Second
	return &Activities{Cloud: cloud, Notifier: &boostFakeNotifier{}, Policy: p, Simulated: true}, cloud
}

func (b boostRecording) record(ctx context.Context, rec *recorder) error {
	p := boostTestPolicy()
	p.RemindBefore = 0
	acts, cloud := boostRecordActivities(p)
	acts.Approvers = &fakeApprovers{allowed: map[string]bool{"U2": true}}
	req := BoostRequest{Namespace: boostNS, TRUs: 4, End: time.Now().Add(b.end), Requester: "U1", Channel: "C1", Reason: "recording"}
	if b.setup != nil {
		b.setup(cloud, &acts.Policy, &req)
	}
	stop, err := rec.startWorker(acts)
	if err != nil {
		return err
	}
	defer stop()
	run, err := rec.c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: rec.queue, TaskQueue: rec.queue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_FAIL}, BoostWorkflowName, req)
	if err != nil {
		return fmt.Errorf("starting boost: %w", err)
	}
	if b.drive != nil {
		if err := b.drive(ctx, rec.c, run.GetID(), req, cloud); err != nil {
			return err
		}
	}
	var st BoostStatus
	if err := run.Get(ctx, &st); err != nil {
		return fmt.Errorf("running boost: %w", err)
	}
	if st.Phase != b.want {
		return fmt.Errorf("recorded boost ended %s, want %s: %s", st.Phase, b.want, st.Message)
	}
	return rec.save(ctx, b.file, run.GetID(), run.GetRunID())
}

// boostUpdateWhenActive waits for the boost to be active and sends it an
// update, waiting for the update's result.
func boostUpdateWhenActive(ctx context.Context, c client.Client, id, update string, arg any) error {
	if err := waitBoostPhase(ctx, c, id, PhaseActive); err != nil {
		return err
	}
	return boostUpdate(ctx, c, id, update, arg)
}

// boostUpdate sends the boost an update and waits for its result.
func boostUpdate(ctx context.Context, c client.Client, id, update string, arg any) error {
	handle, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: update,
		Args: []any{arg}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err != nil {
		return fmt.Errorf("%s: %w", update, err)
	}
	if err := handle.Get(ctx, nil); err != nil {
		return fmt.Errorf("%s: %w", update, err)
	}
	return nil
}

// waitBoostPhase polls the status query until the boost reaches phase.
func waitBoostPhase(ctx context.Context, c client.Client, id string, phase BoostPhase) error {
	tick := time.NewTicker(200 * time.Millisecond)
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

// boostDecideOutsideChange changes the capacity outside the bot once the
// boost is active, then, when the boost asks, sends the decision ("" sends
// none: the boost leaves the change after its timeout).
func boostDecideOutsideChange(d ExternalDecision) func(context.Context, client.Client, string, BoostRequest, *boostFakeCloud) error {
	return func(ctx context.Context, c client.Client, id string, _ BoostRequest, cloud *boostFakeCloud) error {
		if err := waitBoostPhase(ctx, c, id, PhaseActive); err != nil {
			return err
		}
		cloud.setOutside(boostNS, clients.Provisioned(6))
		if d == "" {
			return nil
		}
		if err := waitBoostPhase(ctx, c, id, PhaseDeciding); err != nil {
			return err
		}
		handle, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: id, UpdateName: UpdateExternalChange,
			Args: []any{ExternalChangeRequest{Decision: d, Requester: "U2"}}, WaitForStage: client.WorkflowUpdateStageCompleted})
		if err != nil {
			return fmt.Errorf("%s: %w", UpdateExternalChange, err)
		}
		if err := handle.Get(ctx, nil); err != nil {
			return fmt.Errorf("%s: %w", UpdateExternalChange, err)
		}
		return nil
	}
}
