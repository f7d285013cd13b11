package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

// Someone changes the capacity outside the bot (Terraform, tcld, the Cloud
// UI) during a boost. Before reverting, the boost notices: it alerts with
// Revert anyway / Leave as is and leaves the capacity untouched until an
// allowed user chooses; a stranger's click changes nothing. The parser's
// shortest duration is one minute, so this test holds a minute.
func TestOutsideChangeDuringBoostAsksBeforeRevert(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	e.ack(e.command(allowed, "boost payments 4 for 1m", "trig-outside"), "one-line boost")
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	active := e.threadReply(0, channel, wait, "is now at")
	ts := active.Param("thread_ts")
	running := boostStatus(t, e, payments)

	outside := clients.Provisioned(6)
	if !e.cloud.SetCapacityOutside(payments, outside) {
		t.Fatalf("the simulated cloud does not know %s", payments)
	}
	mark := e.slack.Mark()
	alert := e.waitCall(mark, time.Until(running.End)+wait, "alert about the outside change", func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == alertChannel && strings.Contains(c.Param("text"), "changed outside the bot")
	})
	value, ok := buttonValue(t, alert.Blocks(), slackbot.ActionRevertAnyway)
	if _, leave := buttonValue(t, alert.Blocks(), slackbot.ActionLeaveAsIs); !ok || !leave || value != payments {
		t.Fatalf("alert lacks the Revert anyway (%v, value %q) or Leave as is (%v) button: %s", ok, value, leave, alert.Blocks())
	}
	step := e.threadReply(mark, channel, wait, "changed outside the bot", "6 TRUs")
	if _, ok := buttonValue(t, step.Blocks(), slackbot.ActionRevertAnyway); !ok || step.Param("thread_ts") != ts {
		t.Fatalf("the thread's step about the outside change lacks the buttons or is elsewhere: %s", step.Blocks())
	}
	if st := boostStatus(t, e, payments); st.Phase != workflows.PhaseDeciding {
		t.Errorf("after the alert the boost is %s, want %s", st.Phase, workflows.PhaseDeciding)
	}
	// No blind overwrite: the namespace keeps the outside change.
	if c := e.snapshot(payments); !c.Current.Equal(outside) {
		t.Errorf("after the alert %s is %s, want the outside change's %s", payments, c.Current, outside)
	}
	if calls, _ := e.updates(); calls != 1 {
		t.Errorf("UpdateNamespace calls %d, want 1 (the boost only: no revert yet)", calls)
	}

	// A user who may not change capacity is refused; nothing changes.
	click := func(user string) {
		t.Helper()
		e.ack(e.interact(buttonClick(user, slackbot.ActionRevertAnyway, "external_change_actions", value, alertChannel, alert.Param("ts"))),
			"Revert anyway by "+user)
	}
	refusedMark := e.slack.Mark()
	click(stranger)
	e.ephemeralTo(refusedMark, stranger, "may not change capacity")
	if st := boostStatus(t, e, payments); st.Phase != workflows.PhaseDeciding {
		t.Errorf("after the refused click the boost is %s, want still %s", st.Phase, workflows.PhaseDeciding)
	}

	// An allowed user reverts anyway.
	click(allowed)
	st := e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseDone || !st.Reverted || st.EndReason != workflows.EndRevertedAnyway || st.EndedBy != allowed {
		t.Errorf("final status %+v, want done, reverted anyway by %s", st, allowed)
	}
	e.waitCapacity(payments, clients.OnDemand(), wait)
	e.threadReply(mark, channel, wait, "chose to revert anyway")
	e.waitCall(mark, wait, "root message edited to reverted anyway", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), "reverted anyway by <@"+allowed+">")
	})
}
