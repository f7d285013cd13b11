package workflows

import (
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

const boostNS = "payments.demo42"

// boostT0 is the (skipped) test clock's start: 14:00 UTC, so times read simply.
var boostT0 = time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)

func boostTestPolicy() Policy {
	return Policy{
		Filter:       capacity.NamespaceFilter{Allow: []string{"payments*"}},
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
	cloud *boostFakeCloud
	chat  *boostFakeNotifier
	acts  *Activities
}

func newBoostHarness(t *testing.T, before clients.Capacity, p Policy) *boostHarness {
	t.Helper()
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.InfoLevel))))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(boostT0)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: BoostWorkflowID(boostNS)})
	cloud := newBoostFakeCloud(boostNS, before)
	cloud.now = env.Now
	chat := &boostFakeNotifier{}
	// Register (both halves) proves the boost's activities do not collide
	// with the analysis' on one worker.
	acts := &Activities{Cloud: cloud, Notifier: chat, Policy: p, AlertChannel: "#alerts", Simulated: true}
	Register(env, acts)
	return &boostHarness{t: t, env: env, cloud: cloud, chat: chat, acts: acts}
}

func boostTestRequest(trus float64, end time.Duration) BoostRequest {
	req := BoostRequest{Namespace: boostNS, TRUs: trus, Reason: "launch", Requester: "U1", Channel: "C1"}
	if end > 0 {
		req.End = boostT0.Add(end)
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
	if got := h.cloud.current(boostNS); !got.Equal(want) {
		h.t.Errorf("%s: capacity %s, want %s", when, got, want)
	}
}

// update sends an update and returns its outcome (rejected, or completed
// with a status or an error).
type boostUpdateOutcome struct {
	rejected error
	err      error
	status   BoostStatus
	done     bool
}

func (h *boostHarness) update(name string, arg any) *boostUpdateOutcome {
	out := &boostUpdateOutcome{}
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

func boostStepTexts(steps []Step) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString(string(s.Phase) + ": " + s.Text + "\n")
	}
	return b.String()
}

func boostPhasesOf(updates []BoostStatus) []BoostPhase {
	var out []BoostPhase
	for _, u := range updates {
		if len(out) == 0 || out[len(out)-1] != u.Phase {
			out = append(out, u.Phase)
		}
	}
	return out
}

func boostEqualPhases(a, b []BoostPhase) bool {
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
