package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

// The parser's shortest duration is one minute, so this test holds a minute;
// it runs beside the others.
func TestOneLineBoostAndSecondBoostRefused(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	if c := e.snapshot(payments); !c.Current.Equal(clients.OnDemand()) {
		t.Fatalf("before: %s is %s, want on-demand", payments, c.Current)
	}

	e.ack(e.command(allowed, "boost payments 4 for 1m", "trig-boost-1"), "one-line boost")
	e.ephemeralTo(0, allowed, payments)
	root := e.rootMessage(0, channel, payments)
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	active := e.threadReply(0, channel, wait, "is now at")

	// A second boost while the first runs is refused, with its state.
	mark := e.slack.Mark()
	e.ack(e.command(allowed, "boost payments 3 for 1m", "trig-boost-2"), "second boost")
	refusal := e.ephemeralTo(mark, allowed, "already running")
	if !strings.Contains(refusal.Param("text"), "4 TRU") {
		t.Errorf("refusal %q does not show the running boost's target (4 TRUs)", refusal.Param("text"))
	}
	if c := e.snapshot(payments); !c.Current.Equal(clients.Provisioned(4)) {
		t.Errorf("during: %s is %s after the refused boost, want 4 TRUs", payments, c.Current)
	}

	running := boostStatus(t, e, payments)
	if running.End.IsZero() {
		t.Fatalf("running boost has no end: %+v", running)
	}
	// Reverted on time: back to on-demand within a few seconds of the end.
	back := e.waitCapacity(payments, clients.OnDemand(), time.Until(running.End)+wait)
	if late := back.Sub(running.End); late > 5*time.Second || late < 0 {
		t.Errorf("capacity back to on-demand %s after the end %s, want within 5s", late, running.End.Format(time.TimeOnly))
	}
	st := e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseDone || !st.Verified || !st.Target.Equal(clients.Provisioned(4)) {
		t.Errorf("final status %+v, want done and verified at 4 TRUs", st)
	}
	ts := active.Param("thread_ts")
	e.threadReply(0, channel, wait, "is back to")
	e.waitCall(0, wait, "root message edited to done", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), ": done")
	})
	if !strings.Contains(root.Param("text"), "4 TRU") {
		t.Errorf("root message %q does not show the target", root.Param("text"))
	}
	if calls, applied := e.updates(); calls != 2 || applied != 2 {
		t.Errorf("UpdateNamespace calls %d, applied %d; want 2 and 2 (one boost applied and reverted)", calls, applied)
	}
	if n := e.executions(workflows.BoostWorkflowID(payments), 1); n != 1 {
		t.Errorf("%d boost workflow executions, want 1", n)
	}
}

func TestRevertButtonAuthorizesTheClicker(t *testing.T) {
	e := newEnv(t)
	e.ack(e.command(allowed, "boost payments 4 for 30m", "trig-boost"), "one-line boost")
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	active := e.threadReply(0, channel, wait, "is now at")
	ts := active.Param("thread_ts")
	// The root message, edited to active, carries the buttons.
	activeRoot := e.waitCall(0, wait, "root message edited to active", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), "active")
	})
	value, ok := buttonValue(t, activeRoot.Blocks(), "boost_revert")
	if !ok {
		t.Fatalf("active root message has no Revert now button: %s", activeRoot.Blocks())
	}
	press := func(user string) {
		t.Helper()
		e.ack(e.interact(revertClick(user, value, ts)), "Revert now by "+user)
	}

	// A user who may not change capacity is refused and nothing changes.
	mark := e.slack.Mark()
	press(stranger)
	e.ephemeralTo(mark, stranger, "may not change capacity")
	if c := e.snapshot(payments); !c.Current.Equal(clients.Provisioned(4)) {
		t.Errorf("after the refused click %s is %s, want still 4 TRUs", payments, c.Current)
	}
	if calls, _ := e.updates(); calls != 1 {
		t.Errorf("UpdateNamespace calls %d after the refused click, want 1", calls)
	}
	if st := boostStatus(t, e, payments); st.Phase != workflows.PhaseActive {
		t.Errorf("after the refused click the boost is %s, want active", st.Phase)
	}

	// An allowed user reverts it now.
	press(allowed)
	st := e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseDone || !st.Reverted || !st.Verified {
		t.Errorf("final status %+v, want done, reverted, verified", st)
	}
	e.waitCapacity(payments, clients.OnDemand(), wait)
	e.threadReply(mark, channel, wait, "Reverting")
	e.waitCall(mark, wait, "root message edited to done", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), ": done")
	})
}
