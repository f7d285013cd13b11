package workflows

import (
	"errors"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/config"
)

const testNS = "payments.demo42"

// t0 is the (skipped) test clock's start: 14:00 UTC, so times read simply.
var t0 = time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)

func testPolicy() Policy {
	return Policy{
		Filter:       config.NamespaceFilter{Allow: []string{"payments*"}},
		MaxTRUs:      12,
		MaxDuration:  72 * time.Hour,
		RemindBefore: 15 * time.Minute,
	}
}

// boostHarness runs the boost workflow on the SDK test suite with the real
// activities over a fake Cloud Ops and a recording notifier.
type boostHarness struct {
	t     *testing.T
	env   *testsuite.TestWorkflowEnvironment
	cloud *fakeCloud
	chat  *recordingNotifier
}

func newBoostHarness(t *testing.T, before clients.Capacity, p Policy) *boostHarness {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.InfoLevel))))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(t0)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: BoostWorkflowID(testNS)})
	cloud := newFakeCloud(testNS, before)
	cloud.now = env.Now
	chat := &recordingNotifier{}
	// Register (both halves) proves the boost's activities do not collide
	// with the analysis' on one worker.
	Register(env, &Activities{Cloud: cloud, Notifier: chat, Policy: p, AlertChannel: "#alerts", Simulated: true})
	return &boostHarness{t: t, env: env, cloud: cloud, chat: chat}
}

func testRequest(trus float64, end time.Duration) BoostRequest {
	req := BoostRequest{Namespace: testNS, TRUs: trus, Reason: "launch", Requester: "U1", Channel: "C1"}
	if end > 0 {
		req.End = t0.Add(end)
	}
	return req
}

// run executes the workflow to completion and returns its result.
func (h *boostHarness) run(req BoostRequest) BoostStatus {
	h.t.Helper()
	h.env.ExecuteWorkflow(BoostWorkflowName, req)
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("workflow did not complete")
	}
	if err := h.env.GetWorkflowError(); err != nil {
		h.t.Fatalf("workflow error: %v", err)
	}
	var st BoostStatus
	if err := h.env.GetWorkflowResult(&st); err != nil {
		h.t.Fatalf("reading result: %v", err)
	}
	return st
}

// at runs check after d of workflow time.
func (h *boostHarness) at(d time.Duration, check func()) { h.env.RegisterDelayedCallback(check, d) }

func (h *boostHarness) status() BoostStatus {
	h.t.Helper()
	v, err := h.env.QueryWorkflow(QueryStatus)
	if err != nil {
		h.t.Fatalf("query status: %v", err)
	}
	var st BoostStatus
	if err := v.Get(&st); err != nil {
		h.t.Fatalf("decoding status: %v", err)
	}
	return st
}

// expectCapacity checks the fake cloud's capacity at a point in time.
func (h *boostHarness) expectCapacity(when string, want clients.Capacity) {
	h.t.Helper()
	if got := h.cloud.current(testNS); !got.Equal(want) {
		h.t.Errorf("%s: capacity %s, want %s", when, got, want)
	}
}

// update sends an update and returns its outcome (rejected, or completed
// with a status or an error).
type updateOutcome struct {
	rejected error
	err      error
	status   BoostStatus
	done     bool
}

func (h *boostHarness) update(name string, arg any) *updateOutcome {
	out := &updateOutcome{}
	h.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
		OnAccept: func() {},
		OnReject: func(err error) { out.rejected, out.done = err, true },
		OnComplete: func(v any, err error) {
			out.err, out.done = err, true
			if st, ok := v.(BoostStatus); ok {
				out.status = st
			}
		},
	}, arg)
	return out
}

func stepTexts(steps []Step) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(string(s.Phase) + ": " + s.Text + "\n")
	}
	return b.String()
}

func phasesOf(updates []BoostStatus) []BoostPhase {
	var out []BoostPhase
	for _, u := range updates {
		if len(out) == 0 || out[len(out)-1] != u.Phase {
			out = append(out, u.Phase)
		}
	}
	return out
}

func TestBoostHappyPathWithEnd(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.cloud.opDelay = 2 * time.Minute
	h.at(time.Minute, func() {
		h.expectCapacity("before the operation completes", clients.OnDemand())
		if st := h.status(); st.Phase != PhaseApplying {
			t.Errorf("while applying: phase %s", st.Phase)
		}
	})
	h.at(time.Hour, func() {
		h.expectCapacity("during", clients.Provisioned(4))
		if st := h.status(); st.Phase != PhaseActive || !st.Verified {
			t.Errorf("during: phase %s verified %v, want active and verified", st.Phase, st.Verified)
		}
	})
	st := h.run(testRequest(4, 2*time.Hour))

	h.expectCapacity("after", clients.OnDemand())
	if st.Phase != PhaseDone || !st.Reverted || !st.Verified || st.Error != "" {
		t.Errorf("final status: phase %s reverted %v verified %v error %q", st.Phase, st.Reverted, st.Verified, st.Error)
	}
	if !st.Simulated || st.MinActionsPerHour != 1_080_000 || st.WorkflowID != BoostWorkflowID(testNS) {
		t.Errorf("status fields: simulated %v floor %v id %q", st.Simulated, st.MinActionsPerHour, st.WorkflowID)
	}
	if ended := h.env.Now().Sub(t0); ended < 2*time.Hour || ended > 2*time.Hour+10*time.Minute {
		t.Errorf("workflow ended after %s, want just after the 2h end", ended)
	}
	sets := h.cloud.setCalls()
	if len(sets) != 2 || !sets[0].Target.Equal(clients.Provisioned(4)) || !sets[1].Target.Equal(clients.OnDemand()) {
		t.Fatalf("SetCapacity calls = %+v, want apply 4 TRUs then revert to on-demand", sets)
	}
	if !strings.HasSuffix(sets[0].OperationID, "-apply") || !strings.HasSuffix(sets[1].OperationID, "-revert") ||
		!strings.HasPrefix(sets[0].OperationID, BoostWorkflowID(testNS)+"-") {
		t.Errorf("operation IDs %q, %q not derived from the workflow", sets[0].OperationID, sets[1].OperationID)
	}
	if at := sets[1].At.Sub(t0); at < 2*time.Hour {
		t.Errorf("revert sent after %s, before the end time", at)
	}
	steps, alerts, updates, roots, _ := h.chat.snapshot()
	if roots != 1 || len(alerts) != 0 {
		t.Errorf("roots %d alerts %d, want 1 and 0", roots, len(alerts))
	}
	want := []BoostPhase{PhaseApplying, PhaseActive, PhaseReverting, PhaseDone}
	if got := phasesOf(updates); !equalPhases(got, want) {
		t.Errorf("root updates went through %v, want %v", got, want)
	}
	texts := stepTexts(steps)
	for _, s := range []string{"Applying: set payments.demo42 from on-demand to 4 TRUs until 16:00 UTC", "Reminder:", "is back to on-demand (verified)"} {
		if !strings.Contains(texts, s) {
			t.Errorf("thread lacks %q:\n%s", s, texts)
		}
	}
}

func equalPhases(a, b []BoostPhase) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBoostWithoutEndHoldsUntilRevertNow(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	var out *updateOutcome
	h.at(5*time.Hour, func() {
		h.expectCapacity("after 5h with no end", clients.Provisioned(4))
		out = h.update(UpdateRevertNow, RevertRequest{Requester: "U2"})
	})
	st := h.run(testRequest(4, 0))
	if out == nil || !out.done || out.rejected != nil || out.err != nil {
		t.Fatalf("revert_now outcome %+v", out)
	}
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	h.expectCapacity("after revert_now", clients.OnDemand())
	steps, _, _, _, _ := h.chat.snapshot()
	if texts := stepTexts(steps); !strings.Contains(texts, "<@U2> asked to end the boost") || !strings.Contains(texts, "requested by <@U2>") {
		t.Errorf("thread does not name the reverter:\n%s", texts)
	}
}

func TestBoostExtend(t *testing.T) {
	tests := []struct {
		name       string
		newEnd     time.Duration // from t0; sent at 1h
		wantReject string
		wantEndAt  time.Duration
	}{
		{name: "valid", newEnd: 3 * time.Hour, wantEndAt: 3 * time.Hour},
		{name: "past end", newEnd: 30 * time.Minute, wantReject: "in the past", wantEndAt: 2 * time.Hour},
		{name: "beyond max duration", newEnd: 80 * time.Hour, wantReject: "at most 72h", wantEndAt: 2 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newBoostHarness(t, clients.OnDemand(), testPolicy())
			var out *updateOutcome
			h.at(time.Hour, func() { out = h.update(UpdateExtend, ExtendRequest{NewEnd: t0.Add(tc.newEnd), Requester: "U3"}) })
			h.at(tc.wantEndAt-time.Minute, func() { h.expectCapacity("just before the end", clients.Provisioned(4)) })
			st := h.run(testRequest(4, 2*time.Hour))
			if out == nil || !out.done {
				t.Fatal("extend got no answer")
			}
			if tc.wantReject == "" {
				if out.rejected != nil || out.err != nil || !out.status.End.Equal(t0.Add(tc.newEnd)) {
					t.Errorf("extend: rejected %v err %v end %s", out.rejected, out.err, out.status.End)
				}
			} else {
				var refusal *RefusalError
				if !errors.As(out.rejected, &refusal) && (out.rejected == nil || !strings.Contains(out.rejected.Error(), tc.wantReject)) {
					t.Fatalf("extend rejected with %v, want a refusal containing %q", out.rejected, tc.wantReject)
				}
				if !strings.Contains(out.rejected.Error(), tc.wantReject) {
					t.Errorf("refusal %q lacks %q", out.rejected, tc.wantReject)
				}
			}
			if st.Phase != PhaseDone {
				t.Errorf("phase %s, want done", st.Phase)
			}
			if reverted := h.cloud.setCalls()[1].At.Sub(t0); reverted < tc.wantEndAt || reverted > tc.wantEndAt+time.Minute {
				t.Errorf("reverted after %s, want at %s", reverted, tc.wantEndAt)
			}
		})
	}
}

func TestBoostExtendRefusedWhenDone(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	st := h.run(testRequest(4, time.Hour))
	if st.Phase != PhaseDone {
		t.Fatalf("phase %s", st.Phase)
	}
	r := &boostRun{st: st, policy: testPolicy()}
	if err := r.validateRevertNow(nil, RevertRequest{Requester: "U1"}); err == nil || !strings.Contains(err.Error(), "already ended") {
		t.Errorf("revert_now on a done boost: %v", err)
	}
	r.st.Phase = PhaseReverting
	if err := r.validateRevertNow(nil, RevertRequest{Requester: "U1"}); err == nil || !strings.Contains(err.Error(), "already being reverted") {
		t.Errorf("revert_now while reverting: %v", err)
	}
}

func TestBoostStartsLater(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	req := testRequest(4, 3*time.Hour)
	req.Start = t0.Add(time.Hour)
	h.at(50*time.Minute, func() {
		if n := len(h.cloud.setCalls()); n != 0 {
			t.Errorf("%d SetCapacity calls before the start", n)
		}
		h.expectCapacity("before the start", clients.OnDemand())
		if st := h.status(); st.Phase != PhaseWaiting {
			t.Errorf("phase before the start %s, want waiting", st.Phase)
		}
	})
	h.at(90*time.Minute, func() { h.expectCapacity("after the start", clients.Provisioned(4)) })
	st := h.run(req)
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	if sets := h.cloud.setCalls(); len(sets) != 2 || sets[0].At.Before(req.Start) {
		t.Errorf("SetCapacity calls %+v, want 2 starting at %s", sets, req.Start)
	}
}

func TestBoostRevertNowWhileWaitingCancels(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	req := testRequest(4, 3*time.Hour)
	req.Start = t0.Add(time.Hour)
	var out *updateOutcome
	h.at(10*time.Minute, func() { out = h.update(UpdateRevertNow, RevertRequest{Requester: "U2"}) })
	st := h.run(req)
	if out == nil || out.rejected != nil {
		t.Fatalf("revert_now outcome %+v", out)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls for a boost cancelled before its start", n)
	}
	if st.Phase != PhaseDone || !strings.Contains(st.Message, "before it started") {
		t.Errorf("phase %s message %q", st.Phase, st.Message)
	}
}

func TestBoostSlowOperationStillSucceeds(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.cloud.opDelay = 5 * time.Minute
	h.at(4*time.Minute, func() {
		if st := h.status(); st.Phase != PhaseApplying {
			t.Errorf("phase during the slow operation %s, want applying", st.Phase)
		}
	})
	st := h.run(testRequest(4, 2*time.Hour))
	if st.Phase != PhaseDone || !st.Reverted || st.Error != "" {
		t.Errorf("phase %s reverted %v error %q", st.Phase, st.Reverted, st.Error)
	}
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 0 {
		t.Errorf("a slow operation raised alerts: %+v", alerts)
	}
	// Two 5-minute operations polled at 10s then 15s: bounded, not a busy loop.
	if p := h.cloud.pollCount(); p < 2 || p > 60 {
		t.Errorf("%d operation polls for two 5-minute operations", p)
	}
}

func TestBoostApplyOperationFails(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.cloud.outcome = func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity) {
		return clients.OpFailed, target
	}
	st := h.run(testRequest(4, 2*time.Hour))
	if st.Phase != PhaseFailed || !strings.Contains(st.Error, "failed") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 1 {
		t.Errorf("%d SetCapacity calls, want only the failed apply (nothing to revert)", n)
	}
	h.expectCapacity("after the failed apply", clients.OnDemand())
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 1 || alerts[0].Requester != "U1" || alerts[0].Thread.TS == "" || alerts[0].Namespace != testNS {
		t.Errorf("alerts %+v, want one naming U1 and linking the thread", alerts)
	}
}

func TestBoostApplyRefusedByCloud(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.cloud.setErr = func(int, fakeSet) error {
		return &clients.Error{Op: "UpdateNamespace", Namespace: testNS, Kind: clients.KindPermission, Err: errors.New("denied")}
	}
	st := h.run(testRequest(4, 2*time.Hour))
	if st.Phase != PhaseFailed || !strings.Contains(st.Error, "permission") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 1 {
		t.Errorf("%d SetCapacity calls, want 1 (a permission error is not retried)", n)
	}
}

func TestBoostVerificationFailsRevertsForSafety(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.cloud.outcome = func(n int, target clients.Capacity) (clients.OperationState, clients.Capacity) {
		if n == 1 {
			return clients.OpFulfilled, clients.Provisioned(2) // lands at the wrong value
		}
		return clients.OpFulfilled, target
	}
	st := h.run(testRequest(4, 2*time.Hour))
	if st.Phase != PhaseFailed || !strings.Contains(st.Error, "found 2 TRUs instead of 4 TRUs") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if !st.Reverted {
		t.Error("no safety revert after a failed verification")
	}
	h.expectCapacity("after the safety revert", clients.OnDemand())
	sets := h.cloud.setCalls()
	if len(sets) != 2 || !sets[1].Target.Equal(clients.OnDemand()) {
		t.Errorf("SetCapacity calls %+v, want apply then revert to on-demand", sets)
	}
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 1 {
		t.Errorf("%d alerts, want 1", len(alerts))
	}
	if ended := h.env.Now().Sub(t0); ended > time.Hour {
		t.Errorf("failed boost ended after %s, want promptly", ended)
	}
}

func TestBoostFailedRevertIsRetriedAndAlerted(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	end := 2 * time.Hour
	h.cloud.setErr = func(_ int, call fakeSet) error {
		if call.Target.Equal(clients.OnDemand()) && call.At.Before(t0.Add(end+40*time.Minute)) {
			return &clients.Error{Op: "UpdateNamespace", Namespace: testNS, Kind: clients.KindPermission, Err: errors.New("key revoked")}
		}
		return nil
	}
	h.at(end+20*time.Minute, func() {
		st := h.status()
		if st.Phase != PhaseReverting || !strings.Contains(st.Error, "Revert of payments.demo42") {
			t.Errorf("while the revert fails: phase %s error %q", st.Phase, st.Error)
		}
	})
	st := h.run(testRequest(4, end))
	if st.Phase != PhaseDone || !st.Reverted || st.Error != "" {
		t.Errorf("phase %s reverted %v error %q", st.Phase, st.Reverted, st.Error)
	}
	h.expectCapacity("after the retried revert", clients.OnDemand())
	_, alerts, _, _, _ := h.chat.snapshot()
	if len(alerts) != 2 { // first failure, then the 15-minute escalation
		t.Errorf("%d alerts, want 2: %+v", len(alerts), alerts)
	}
	for _, a := range alerts {
		if a.Requester != "U1" || !strings.Contains(a.Title, "Revert") {
			t.Errorf("alert %+v", a)
		}
	}
}

func TestBoostSlackDownDoesNotBlockTheChange(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.chat.fail = true
	h.at(time.Hour, func() { h.expectCapacity("during", clients.Provisioned(4)) })
	st := h.run(testRequest(4, 2*time.Hour))
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	h.expectCapacity("after", clients.OnDemand())
	if reverted := h.cloud.setCalls()[1].At.Sub(t0); reverted > 2*time.Hour+time.Minute {
		t.Errorf("revert delayed to %s by Slack", reverted)
	}
	_, _, _, _, calls := h.chat.snapshot()
	// About a dozen messages, each tried exactly 5 times before it is given up.
	if calls == 0 || calls%5 != 0 || calls > 5*12 {
		t.Errorf("%d notifier calls: want each message tried 5 times, no more", calls)
	}
}

func TestBoostDryRunTouchesNothing(t *testing.T) {
	for _, viaPolicy := range []bool{true, false} {
		p := testPolicy()
		p.DryRun = viaPolicy
		h := newBoostHarness(t, clients.OnDemand(), p)
		req := testRequest(4, time.Hour+4*time.Minute)
		req.DryRun = !viaPolicy
		st := h.run(req)
		if n := len(h.cloud.setCalls()); n != 0 {
			t.Errorf("dry run (policy %v) made %d SetCapacity calls", viaPolicy, n)
		}
		want := "would set payments.demo42 from on-demand to 4 TRUs until 15:04 UTC, then back to on-demand; floor 1,080,000 actions/hour"
		if st.Phase != PhaseDone || !st.DryRun || !strings.Contains(st.Message, want) {
			t.Errorf("dry run (policy %v): phase %s dry %v message %q", viaPolicy, st.Phase, st.DryRun, st.Message)
		}
	}
}

func TestBoostRevertsToPreviousCapacity(t *testing.T) {
	h := newBoostHarness(t, clients.Provisioned(2), testPolicy())
	h.at(time.Hour, func() { h.expectCapacity("during", clients.Provisioned(6)) })
	st := h.run(testRequest(6, 2*time.Hour))
	h.expectCapacity("after", clients.Provisioned(2))
	if !st.Before.Equal(clients.Provisioned(2)) || !st.Observed.Equal(clients.Provisioned(2)) || st.Phase != PhaseDone {
		t.Errorf("before %s observed %s phase %s", st.Before, st.Observed, st.Phase)
	}
}

func TestBoostRefusedChangesNothing(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	st := h.run(testRequest(5, 2*time.Hour))
	if st.Phase != PhaseRefused || !strings.Contains(st.Error, "choose one of 2, 3, 4, 6, 8") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls for a refused boost", n)
	}
	steps, _, _, _, _ := h.chat.snapshot()
	if texts := stepTexts(steps); !strings.Contains(texts, "Refused:") {
		t.Errorf("thread lacks the refusal:\n%s", texts)
	}
}

func TestBoostCancellationStillReverts(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.at(time.Hour, func() { h.env.CancelWorkflow() })
	st := h.run(testRequest(4, 2*time.Hour))
	h.expectCapacity("after cancellation", clients.OnDemand())
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
}

func TestBoostExtendRefusedWhileApplying(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.cloud.opDelay = 5 * time.Minute
	var out *updateOutcome
	h.at(2*time.Minute, func() { out = h.update(UpdateExtend, ExtendRequest{NewEnd: t0.Add(3 * time.Hour), Requester: "U3"}) })
	st := h.run(testRequest(4, 2*time.Hour))
	if out == nil || out.rejected == nil || !strings.Contains(out.rejected.Error(), "only a waiting or active boost can be extended") {
		t.Fatalf("extend while applying: %+v", out)
	}
	if !st.End.Equal(t0.Add(2 * time.Hour)) {
		t.Errorf("end moved to %s by a refused extend", st.End)
	}
}

func TestBoostUnknownNamespaceIsRefused(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	req := testRequest(4, 2*time.Hour)
	req.Namespace = "payments.gone"
	st := h.run(req)
	if st.Phase != PhaseRefused || !strings.Contains(st.Error, "payments.gone") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if _, alerts, _, _, _ := h.chat.snapshot(); len(alerts) != 0 {
		t.Errorf("a refusal raised alerts: %+v", alerts)
	}
}

func TestBoostRevertGivesUpAfterADayLoudly(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	h.cloud.setErr = func(_ int, call fakeSet) error {
		if call.Target.Equal(clients.OnDemand()) {
			return &clients.Error{Op: "UpdateNamespace", Namespace: testNS, Kind: clients.KindPermission, Err: errors.New("key revoked")}
		}
		return nil
	}
	st := h.run(testRequest(4, time.Hour))
	if st.Phase != PhaseFailed || st.Reverted || !strings.Contains(st.Message, "Please set it by hand") {
		t.Errorf("phase %s reverted %v message %q", st.Phase, st.Reverted, st.Message)
	}
	if failingFor := h.env.Now().Sub(t0.Add(time.Hour)); failingFor < boostRevertFor || failingFor > boostRevertFor+time.Hour {
		t.Errorf("gave up after %s, want after %s", failingFor, boostRevertFor)
	}
	_, alerts, _, _, _ := h.chat.snapshot()
	// First failure, 15m, 1h, 4h and 12h escalations, then the final one.
	if len(alerts) != 6 || !strings.Contains(alerts[5].Title, "abandoned") {
		t.Errorf("%d alerts, want 6 ending with the abandonment", len(alerts))
	}
	h.expectCapacity("after giving up", clients.Provisioned(4))
}

func TestBoostExtendGivesAnEndToAnOpenBoost(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	var out *updateOutcome
	h.at(time.Hour, func() { out = h.update(UpdateExtend, ExtendRequest{NewEnd: t0.Add(3 * time.Hour), Requester: "U3"}) })
	st := h.run(testRequest(4, 0))
	if out == nil || out.rejected != nil {
		t.Fatalf("extend: %+v", out)
	}
	if st.Phase != PhaseDone || !st.Reverted {
		t.Errorf("phase %s reverted %v", st.Phase, st.Reverted)
	}
	if at := h.cloud.setCalls()[1].At.Sub(t0); at < 3*time.Hour || at > 3*time.Hour+time.Minute {
		t.Errorf("reverted after %s, want at 3h", at)
	}
	steps, _, _, _, _ := h.chat.snapshot()
	if texts := stepTexts(steps); !strings.Contains(texts, "<@U3> extended the boost of payments.demo42 to 17:00 UTC (was no end time)") {
		t.Errorf("thread lacks the extension:\n%s", texts)
	}
}

func TestBoostStartingLaterRevertsToTheCapacityAtStart(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	req := testRequest(6, 3*time.Hour)
	req.Start = t0.Add(time.Hour)
	h.at(30*time.Minute, func() { // someone else changes the namespace meanwhile
		h.cloud.mu.Lock()
		nc := h.cloud.caps[testNS]
		nc.Current = clients.Provisioned(2)
		h.cloud.caps[testNS] = nc
		h.cloud.mu.Unlock()
	})
	st := h.run(req)
	if !st.Before.Equal(clients.Provisioned(2)) || st.Phase != PhaseDone {
		t.Errorf("before %s phase %s, want 2 TRUs and done", st.Before, st.Phase)
	}
	h.expectCapacity("after", clients.Provisioned(2))
}

func TestBoostStartingLaterIsRecheckedAtStart(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), testPolicy())
	req := testRequest(4, 3*time.Hour)
	req.Start = t0.Add(time.Hour)
	h.at(30*time.Minute, func() { // a change by someone else is still running at the start
		h.cloud.mu.Lock()
		nc := h.cloud.caps[testNS]
		nc.LatestRequest = &clients.CapacityRequest{State: clients.RequestInProgress}
		h.cloud.caps[testNS] = nc
		h.cloud.mu.Unlock()
	})
	st := h.run(req)
	if st.Phase != PhaseRefused || !strings.Contains(st.Error, "already in progress") {
		t.Errorf("phase %s error %q", st.Phase, st.Error)
	}
	if n := len(h.cloud.setCalls()); n != 0 {
		t.Errorf("%d SetCapacity calls", n)
	}
}
