package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// Slack redelivers an envelope whose ack it did not see, and a user (or a
// retrying client) can send the same command twice with the same trigger.
// Neither may start anything twice.
func TestRedeliveredCommandsStartNothingTwice(t *testing.T) {
	e := newEnv(t)

	// The same boost envelope delivered twice.
	id := e.command(allowed, "boost payments 4 for 30m", "trig-boost")
	e.ack(id, "boost, first delivery")
	e.ephemeralTo(0, allowed, payments)
	if err := e.slack.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	if err := e.slack.WaitUntil(ctxFor(t, wait), func() bool { return e.slack.AckCount(id) == 2 }); err != nil {
		t.Fatalf("redelivery not acked: %v", err)
	}
	// The same command again under a new envelope, same trigger.
	mark := e.slack.Mark()
	e.ack(e.command(allowed, "boost payments 4 for 30m", "trig-boost"), "boost, same trigger, new envelope")
	e.ephemeralTo(mark, allowed, "already running")
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	if calls, applied := e.updates(); calls != 1 || applied != 1 {
		t.Errorf("UpdateNamespace calls %d, applied %d; want 1 and 1", calls, applied)
	}
	if n := e.executions(workflows.BoostWorkflowID(payments), 1); n != 1 {
		t.Errorf("%d boost workflow executions, want 1", n)
	}
	roots := 0
	for _, c := range e.slack.CallsTo("chat.postMessage") {
		if c.Param("thread_ts") == "" && c.Param("channel") == channel && len(c.Param("text")) > 0 &&
			containsAll(c.Param("text"), "Boost of "+payments) {
			roots++
		}
	}
	if roots != 1 {
		t.Errorf("%d root messages for the boost, want 1", roots)
	}

	// The same analyze envelope delivered twice, then sent again with the
	// same trigger: one analysis, one report.
	id = e.command(allowed, "analyze", "trig-analyze")
	e.ack(id, "analyze, first delivery")
	if err := e.slack.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	if err := e.slack.WaitUntil(ctxFor(t, wait), func() bool { return e.slack.AckCount(id) == 2 }); err != nil {
		t.Fatalf("redelivery not acked: %v", err)
	}
	mark = e.slack.Mark()
	e.ack(e.command(allowed, "analyze", "trig-analyze"), "analyze, same trigger, new envelope")
	e.ephemeralTo(mark, allowed) // some answer, whatever its words
	analysisID := workflows.AnalysisWorkflowID(channel, "trig-analyze")
	ctx := ctxFor(t, 30*time.Second)
	if err := e.tc.GetWorkflow(ctx, analysisID, "").Get(ctx, nil); err != nil {
		t.Fatalf("analysis %s: %v", analysisID, err)
	}
	e.waitCall(0, wait, "analysis report", isReport)
	if n := e.executions(analysisID, 1); n != 1 {
		t.Errorf("%d analysis executions for one trigger, want 1", n)
	}
	reports := 0
	for _, c := range e.slack.Calls() {
		if isReport(c) {
			reports++
		}
	}
	if reports != 1 {
		t.Errorf("%d reports posted for one trigger, want 1", reports)
	}
}

func ctxFor(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
