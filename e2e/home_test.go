package e2e

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// openHome opens the user's App Home tab, as Slack does when they click the
// bot, and returns the Home published for them.
func (e *env) openHome(user string, parts ...string) fakeslack.Call {
	e.t.Helper()
	mark := e.slack.Mark()
	id, err := e.slack.SendAppHomeOpened(user, "home")
	if err != nil {
		e.t.Fatal(err)
	}
	e.ack(id, "app_home_opened by "+user)
	return e.home(mark, user, wait, parts...)
}

// home waits for a Home published for the user after mark whose blocks
// contain every part.
func (e *env) home(mark int, user string, timeout time.Duration, parts ...string) fakeslack.Call {
	e.t.Helper()
	return e.waitCall(mark, timeout, "Home of "+user+" showing "+strings.Join(parts, ", "), func(c fakeslack.Call) bool {
		return c.Method == "views.publish" && c.Param("user_id") == user && containsAll(string(c.Blocks()), parts...)
	})
}

// homeViewers asks the home workflow who opened the Home lately.
func (e *env) homeViewers() []string {
	e.t.Helper()
	v, err := e.tc.QueryWorkflow(context.Background(), workflows.HomeWorkflowID, "", workflows.QueryHomeViewers)
	if err != nil {
		e.t.Fatalf("querying the home workflow: %v", err)
	}
	var viewers []workflows.HomeViewer
	if err := v.Get(&viewers); err != nil {
		e.t.Fatal(err)
	}
	users := []string{}
	for _, h := range workflows.RecentHomeViewers(viewers, time.Now()) {
		users = append(users, h.User)
	}
	slices.Sort(users)
	return users
}

// homeClick is a click on a button of the user's Home.
func homeClick(user, actionID, value string) slack.InteractionCallback {
	return slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: slack.User{ID: user},
		TriggerID: "trig-home-" + actionID + "-" + user,
		View:      slack.View{ID: "VHOME-" + user, Type: slack.VTHomeTab},
		Container: slack.Container{Type: "view", ViewID: "VHOME-" + user},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: actionID, BlockID: "home", Value: value, Type: "button",
		}}}}
}

// Two users open the Home; one boosts. Each phase change refreshes both
// Homes: the requester's because they asked, the other's because the home
// workflow remembers that they opened it. Only the user who may change
// capacity sees Extend and Revert; a Revert from the Home ends the boost and
// the Homes say so; Run a new analysis posts the report to the clicker's
// messages and the Home shows its summary.
func TestHomeTabFollowsABoost(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	for _, u := range []string{allowed, stranger} {
		blocks := string(e.openHome(u, "0 boosts running", "SIMULATED", "No analysis has run yet").Blocks())
		if !strings.Contains(blocks, "home_analyze") {
			t.Errorf("the Home of %s has no Run a new analysis button", u)
		}
	}
	if got, want := e.homeViewers(), []string{allowed, stranger}; !slices.Equal(got, want) {
		t.Fatalf("home workflow remembers %v, want %v", got, want)
	}

	mark := e.slack.Mark()
	e.ack(e.command(allowed, "boost payments 4 for 30m", "trig-home-boost"), "one-line boost")
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	strangers := e.home(mark, stranger, wait, payments, "active until", "4 TRUs")
	if strings.Contains(string(strangers.Blocks()), "boost_revert") || strings.Contains(string(strangers.Blocks()), "boost_extend") {
		t.Errorf("the Home of %s, who may not change capacity, has change buttons: %s", stranger, strangers.Blocks())
	}
	mine := e.home(mark, allowed, wait, payments, "active until", "boost_revert", "boost_extend")
	value, ok := buttonValue(t, mine.Blocks(), "boost_revert")
	if !ok || value != payments {
		t.Fatalf("Revert now on the Home has value %q, want %s", value, payments)
	}

	mark = e.slack.Mark()
	e.ack(e.interact(homeClick(allowed, "boost_revert", value)), "Revert now on the Home")
	st := e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseDone || !st.Reverted {
		t.Fatalf("after Revert now on the Home the boost is %+v, want done and reverted", st)
	}
	e.waitCapacity(payments, clients.OnDemand(), wait)
	e.home(mark, allowed, wait, "home_notice", "Reverting "+payments) // the click's outcome, on the clicker's Home
	for _, u := range []string{allowed, stranger} {
		e.home(mark, u, wait, "0 boosts running") // refreshed when the boost reached done
	}

	mark = e.slack.Mark()
	e.ack(e.interact(homeClick(stranger, "home_analyze", "all")), "Run a new analysis on the Home")
	e.home(mark, stranger, wait, "Analysis started")
	e.waitCall(mark, 30*time.Second, "report posted to the clicker's messages", func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == stranger && strings.Contains(c.Param("text"), "analysis")
	})
	// Visibility lists the finished analysis a moment after it completes.
	var last string
	if !testworld.Poll(wait, 100*time.Millisecond, func() bool {
		last = string(e.openHome(stranger).Blocks())
		return strings.Contains(last, "home_report\"") && strings.Contains(last, "Requested by \\u003c@"+stranger)
	}) {
		t.Errorf("the Home never showed the last report's summary: %s", last)
	}
}
