package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/temporalserver"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestHistoryAfterThreeBoosts runs three boosts on the embedded server and
// asks /capacity history, with the history search attributes registered and
// without them: one denied by the approver (10 TRUs over
// APPROVAL_ABOVE_TRUS 6), one reverted early,
// one that ran to its end. The history lists exactly those three, with
// TRU-hours and cost floors that match the time each held its capacity,
// and Slack gets the summary with the CSV in its thread.
func TestHistoryAfterThreeBoosts(t *testing.T) {
	for _, withAttrs := range []bool{true, false} {
		t.Run(fmt.Sprintf("search attributes %v", withAttrs), func(t *testing.T) {
			fs := newFakeSlack(t)
			m := startEmbedded(t, t.TempDir(), fs, func(o *temporalserver.Options) {
				o.Retention = 40 * 24 * time.Hour
				if withAttrs {
					o.SearchAttributes = workflows.HistorySearchAttributes()
				}
			}, func(o *testworld.ProcessOptions) { o.Namespace = "default"; withApprovals(o) })
			t.Cleanup(m.kill)
			historyAfterThreeBoosts(t, m.env, withAttrs)
		})
	}
}

func historyAfterThreeBoosts(t *testing.T, e *env, withAttrs bool) {
	ctx := context.Background()
	engine := bot.NewTemporalEngine(e.tc, e.tq).WithNamespace("default")
	orders := "orders-prod." + simcloud.DemoAccountID
	began := time.Now()

	// 1. Over APPROVAL_ABOVE_TRUS, denied by the approver: nothing is changed.
	if _, err := engine.StartBoost(ctx, workflows.BoostRequest{Namespace: payments, TRUs: 10, End: time.Now().Add(time.Hour),
		Requester: allowed, Channel: channel}); err != nil {
		t.Fatal(err)
	}
	if !testworld.Poll(wait, 50*time.Millisecond, func() bool {
		return boostStatus(t, e, payments).Phase == workflows.PhaseAwaitingApproval
	}) {
		t.Fatalf("the 10-TRU boost is %s, want awaiting approval", boostStatus(t, e, payments).Phase)
	}
	if _, err := engine.AnswerApproval(ctx, payments, workflows.ApprovalDenied, workflows.ApprovalRequest{Approver: approver, Note: "too big"}); err != nil {
		t.Fatal(err)
	}
	if st := e.boostResult(payments, wait); st.EndReason != workflows.EndDenied {
		t.Fatalf("the 10-TRU boost ended %s/%s, want denied", st.Phase, st.EndReason)
	}

	// 2. Reverted early, from Slack.
	e.ack(e.command(allowed, "boost orders-prod 4 for 1h history", "trig-h-early"), "a boost to revert early")
	e.waitCapacity(orders, clients.Provisioned(4), wait)
	e.ack(e.command(allowed, "revert orders-prod", "trig-h-revert"), "its revert")
	if st := e.boostResult(orders, wait+10*time.Second); st.EndReason != workflows.EndRevertedEarly {
		t.Fatalf("orders boost ended %s/%s, want reverted early", st.Phase, st.EndReason)
	}

	// 3. Done at its end time.
	if _, err := engine.StartBoost(ctx, workflows.BoostRequest{Namespace: payments, TRUs: 4, End: time.Now().Add(8 * time.Second),
		Requester: allowed, Channel: channel}); err != nil {
		t.Fatal(err)
	}
	if st := e.boostResult(payments, wait+10*time.Second); st.Phase != workflows.PhaseDone || st.EndReason != workflows.EndTimeReached {
		t.Fatalf("payments boost ended %s/%s, want done at its end time", st.Phase, st.EndReason)
	}
	elapsed := time.Since(began)

	q := bot.HistoryQuery{Since: began.Add(-time.Minute)}
	var list bot.HistoryList
	if !testworld.Poll(wait, 100*time.Millisecond, func() bool { // visibility is eventually consistent
		var err error
		list, err = engine.History(ctx, q)
		return err == nil && len(list.Runs) == 3
	}) {
		t.Fatalf("history lists %d runs, want 3: %+v", len(list.Runs), list.Runs)
	}
	if list.SearchAttributes != withAttrs || list.Retention != 40*24*time.Hour {
		t.Errorf("search attributes %v, retention %s; want %v, 40d", list.SearchAttributes, list.Retention, withAttrs)
	}
	h := bot.NewHistoryReport(list, q, time.Now(), 50)
	want := []bot.HistoryOutcome{bot.OutcomeDone, bot.OutcomeRevertedEarly, bot.OutcomeDenied} // newest first
	for i, r := range h.Rows {
		if r.Outcome != want[i] {
			t.Fatalf("row %d outcome %s, want %s (rows %+v)", i, r.Outcome, want[i], h.Rows)
		}
		hours := r.Held.Hours()
		if r.Outcome == bot.OutcomeDenied {
			if r.Held != 0 || r.TRUHours != 0 || r.MinActions != 0 {
				t.Errorf("denied row carries %s, %v TRU-hours, %v actions", r.Held, r.TRUHours, r.MinActions)
			}
			continue
		}
		if r.Held <= 0 || r.Held > elapsed {
			t.Errorf("%s held %s, want between 0 and %s", r.Namespace, r.Held, elapsed)
		}
		if !near(r.TRUHours, 4*hours) || !near(r.TRUHoursAbove, 4*hours) || !near(r.MinActions, capacity.MinActionsPerHour(4)*hours) ||
			!near(r.Money, r.MinActions/1e6*50) {
			t.Errorf("%s: %v TRU-hours (%v above), %v actions, $%v for %s at 4 TRUs from on-demand", r.Namespace, r.TRUHours, r.TRUHoursAbove, r.MinActions, r.Money, r.Held)
		}
		if r.Requester != allowed || r.Approver != "" {
			t.Errorf("%s requested by %q approved by %q; want %s and nobody (none needed approval)", r.Namespace, r.Requester, r.Approver, allowed)
		}
	}
	resp, err := e.tc.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
		Query: fmt.Sprintf("%s = '%s'", workflows.SearchAttrNamespace, payments)})
	switch {
	case withAttrs && (err != nil || len(resp.GetExecutions()) != 2):
		t.Errorf("runs of payments by search attribute: %d, %v; want the 2 started with it", len(resp.GetExecutions()), err)
	case !withAttrs && err == nil:
		t.Error("a query on the search attribute worked on a namespace without it")
	}

	// A glob narrows the list (with the attributes, on the server by its
	// literal prefix); a run started without the attributes, as a schedule
	// starts its runs, is still listed.
	if _, err := e.tc.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: workflows.BoostWorkflowID(payments), TaskQueue: e.tq},
		workflows.BoostWorkflowName, workflows.BoostRequest{Namespace: payments, TRUs: 20, Requester: allowed, Channel: channel}); err != nil { // over MAX_TRUS 12: refused
		t.Fatal(err)
	}
	e.boostResult(payments, wait)
	if !testworld.Poll(wait, 100*time.Millisecond, func() bool {
		var err error
		list, err = engine.History(ctx, bot.HistoryQuery{Glob: "pay*", Since: q.Since})
		return err == nil && len(list.Runs) == 3
	}) {
		t.Errorf("history of pay* lists %d runs, want payments' 3", len(list.Runs))
	}

	// The Slack reply: the summary in the channel, every row in the CSV.
	mark := e.slack.Mark()
	e.ack(e.command(stranger, "history since 1d", "trig-h-history"), "/capacity history")
	e.waitCall(mark, wait, "the history in the channel", func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == channel && strings.Contains(c.Param("text"), "Capacity history") &&
			containsAll(c.Param("text"), "4 boosts and changes", "denied", "reverted early", "keeps finished runs for 40d")
	})
	e.waitCall(mark, wait, "the history CSV in its thread", func(c fakeslack.Call) bool {
		return c.Method == "files.completeUploadExternal" && c.Param("thread_ts") != ""
	})
}

func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }
