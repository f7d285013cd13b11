package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

const approver = "UAPPROVER" // in the approvers, not a booster

// withApprovals asks for approval above 6 TRUs, with approver as the one
// approver, and lets boosts go to 12 TRUs.
func withApprovals(o *testworld.ProcessOptions) {
	o.Policy.MaxTRUs, o.Policy.ApprovalAboveTRUs, o.Policy.ApprovalTimeout = 12, 6, time.Hour
	o.ApproverUsers = []string{approver}
}

// A 10-TRU boost over APPROVAL_ABOVE_TRUS=6 posts the approval card in its
// thread and the alerts channel and changes nothing; the requester's own
// Approve and a stranger's are refused; the approver's click starts the
// change, and the thread and the root message say who approved. A second
// request, denied, changes nothing in the simulated cloud.
func TestBoostNeedsApproval(t *testing.T) {
	t.Parallel()
	e := newEnv(t, withApprovals)
	before := e.snapshot(payments).Current

	e.ack(e.command(allowed, "boost payments 10 for 30m launch", "trig-approval"), "boost needing approval")
	card := e.threadReply(0, channel, wait, "needs approval", "One approver is enough")
	value, ok := buttonValue(t, card.Blocks(), slackbot.ActionApprove)
	if _, deny := buttonValue(t, card.Blocks(), slackbot.ActionDeny); !ok || !deny || value != payments {
		t.Fatalf("the card lacks Approve (%v, value %q) or Deny (%v): %s", ok, value, deny, card.Blocks())
	}
	if !strings.Contains(string(card.Blocks()), "Cost floor") {
		t.Errorf("the card does not show the cost floor: %s", card.Blocks())
	}
	e.waitCall(0, wait, "approval card in the alerts channel", func(c fakeslack.Call) bool {
		_, _, ok, _ := testworld.FindButton(c.Blocks(), slackbot.ActionApprove)
		return c.Method == "chat.postMessage" && c.Param("channel") == alertChannel && ok
	})
	st := boostStatus(t, e, payments)
	if st.Phase != workflows.PhaseAwaitingApproval || st.Approval == nil || st.Approval.Requester != allowed {
		t.Fatalf("status while waiting: phase %s approval %+v", st.Phase, st.Approval)
	}
	if c := e.snapshot(payments); !c.Current.Equal(before) {
		t.Fatalf("while waiting for approval %s is %s, want unchanged %s", payments, c.Current, before)
	}

	click := func(user string) {
		t.Helper()
		e.ack(e.interact(buttonClick(user, slackbot.ActionApprove, "approval_actions", value, channel, card.Param("ts"))), "Approve by "+user)
	}
	mark := e.slack.Mark()
	click(allowed)
	e.ephemeralTo(mark, allowed, "cannot approve it")
	mark = e.slack.Mark()
	click(stranger)
	e.ephemeralTo(mark, stranger, "not one of the bot's approvers")
	if st := boostStatus(t, e, payments); st.Phase != workflows.PhaseAwaitingApproval {
		t.Fatalf("after refused clicks the boost is %s, want still %s", st.Phase, workflows.PhaseAwaitingApproval)
	}
	if calls, _ := e.updates(); calls != 0 {
		t.Fatalf("UpdateNamespace calls %d before approval, want 0", calls)
	}

	mark = e.slack.Mark()
	click(approver)
	e.waitCapacity(payments, clients.Provisioned(10), wait)
	e.threadReply(mark, channel, wait, "approved the boost")
	e.waitCall(mark, wait, "root message showing who approved", func(c fakeslack.Call) bool {
		b := string(c.Blocks())
		return c.Method == "chat.update" && c.Param("channel") == channel && strings.Contains(b, "Approved by:*") && strings.Contains(b, approver)
	})
	if st := boostStatus(t, e, payments); st.Approval == nil || st.Approval.DecidedBy != approver || st.Approval.Decision != workflows.ApprovalGranted {
		t.Errorf("approval after the click: %+v", st.Approval)
	}
	e.ack(e.command(allowed, "revert payments", "trig-approval-revert"), "revert")
	if st := e.boostResult(payments, 30*time.Second); !st.Reverted {
		t.Fatalf("the approved boost was not reverted: %+v", st)
	}
	e.waitCapacity(payments, before, wait)

	// A denied request changes nothing.
	calls, _ := e.updates()
	mark = e.slack.Mark()
	e.ack(e.command(allowed, "boost payments 10 for 30m again", "trig-approval-2"), "second boost needing approval")
	card = e.threadReply(mark, channel, wait, "needs approval")
	e.ack(e.interact(buttonClick(approver, slackbot.ActionDeny, "approval_actions", payments, channel, card.Param("ts"))), "Deny")
	st = e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseDone || st.EndReason != workflows.EndDenied || st.EndedBy != approver {
		t.Errorf("denied boost ended %s, %q by %q", st.Phase, st.EndReason, st.EndedBy)
	}
	e.waitCall(mark, wait, "root message saying who denied", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && strings.Contains(c.Param("text"), "denied by <@"+approver+">")
	})
	if after, _ := e.updates(); after != calls {
		t.Errorf("UpdateNamespace calls went from %d to %d for a denied boost", calls, after)
	}
	if c := e.snapshot(payments); !c.Current.Equal(before) {
		t.Errorf("after the denial %s is %s, want %s", payments, c.Current, before)
	}
}
