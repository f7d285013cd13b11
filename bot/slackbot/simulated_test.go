package slackbot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

// assertSimulatedText fails for every message call whose plain text (what
// notifications, search and screen readers show) lacks the marker.
func assertSimulatedText(t *testing.T, calls []fakeslack.Call, want int) {
	t.Helper()
	n := 0
	for _, c := range calls {
		switch c.Method {
		case "chat.postMessage", "chat.update", "chat.postEphemeral":
		default:
			continue
		}
		n++
		if !strings.Contains(c.Param("text"), "SIMULATED") {
			t.Errorf("%s to %s: text %q lacks SIMULATED", c.Method, c.Param("channel"), c.Param("text"))
		}
	}
	if n < want {
		t.Errorf("%d messages checked, want at least %d", n, want)
	}
}

// Every message the simulated notifier posts carries SIMULATED in its text:
// the root message in each phase, thread steps of each severity, alerts,
// the report and watch alerts. The inputs are not marked themselves: the
// notifier's setting must do it.
func TestSimulatedNotifierMarksEveryText(t *testing.T) {
	n, fs, _ := newNotifier(t, "CALERTS")
	ctx := context.Background()
	want := 0
	for _, p := range []workflows.BoostPhase{workflows.PhasePlanned, workflows.PhaseWaiting, workflows.PhaseApplying,
		workflows.PhaseActive, workflows.PhaseReverting, workflows.PhaseDone, workflows.PhaseFailed, workflows.PhaseRefused} {
		st := boostStatus(p)
		ref, err := n.CreateBoostRoot(ctx, "C777", st)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.UpdateBoostRoot(ctx, ref, st); err != nil {
			t.Fatal(err)
		}
		for _, sev := range []workflows.StepSeverity{workflows.SeverityInfo, workflows.SeverityWarning, workflows.SeverityError} {
			if err := n.PostBoostStep(ctx, ref, st, workflows.Step{Phase: p, Severity: sev, Text: "a step", At: t0}); err != nil {
				t.Fatal(err)
			}
		}
		want += 5
	}
	alert := workflows.Alert{Namespace: "orders", Requester: "U123", Severity: workflows.SeverityError, Title: "Revert failed"}
	if err := n.PostAlert(ctx, alert); err != nil {
		t.Fatal(err)
	}
	r := report(4, 40)
	r.Simulated = false
	if err := n.PostReport(ctx, "C777", r); err != nil {
		t.Fatal(err)
	}
	for _, k := range []workflows.WatchAlertKind{workflows.WatchOpened, workflows.WatchCleared} {
		if err := n.PostWatchAlert(ctx, watchAlert(k)); err != nil {
			t.Fatal(err)
		}
	}
	assertSimulatedText(t, fs.Calls(), want+4)
}

// Every reply the simulated bot gives carries SIMULATED in its text: command
// replies (answers, help, refusals), the replies that stand in for a form
// Slack could not open, and the answers to buttons.
func TestSimulatedRepliesMarkEveryText(t *testing.T) {
	h := startBot(t, 1)
	h.engine.SetRunning(workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "orders.acct", Requester: allowed},
		Phase: workflows.PhaseActive, End: time.Now().Add(time.Hour), StartedAt: time.Now()})
	commands := []struct{ user, text string }{
		{stranger, "help"},
		{stranger, "bogus"},
		{stranger, "boost payments.acct 4 for 1h"},
		{allowed, "boost payments.acct 4 for 1h launch"},
		{allowed, "boost payments.acct 10 for 1h"},
		{allowed, "status"},
		{allowed, "extend orders.acct 1h"},
	}
	for _, c := range commands {
		mark := h.slack.Mark()
		h.ack(h.command(c.user, c.text), "slash "+c.text)
		h.replyAfter(mark, c.user, func(string) bool { return true })
	}
	// The boost form cannot be opened: the reply that stands in for it.
	mark := h.slack.Mark()
	h.slack.FailNext("views.open", 1, "expired_trigger_id")
	h.ack(h.command(allowed, "boost"), "slash boost")
	h.replyAfter(mark, allowed, contains("could not be opened"))
	click := func(user, action, value string) {
		t.Helper()
		mark := h.slack.Mark()
		h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
			User: slack.User{ID: user}, Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: channel}}},
			ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: action, Value: value}}}}),
			"button "+action)
		h.replyAfter(mark, user, func(string) bool { return true })
	}
	click(stranger, ActionRevert, "orders.acct")
	click(allowed, ActionExtend, "orders.acct")
	click(allowed, ActionWatchBoost, "not json")
	h.slack.FailNext("views.open", 1, "expired_trigger_id")
	click(allowed, ActionWatchBoost, `{"n":"orders.acct","t":4}`)
	assertSimulatedText(t, h.slack.Calls(), len(commands)+5)
}

// The marker ends a posted message's text, so the message keeps the start by
// which people scan a channel and tools find it ("Boost of <namespace>",
// "<namespace>: "); replies start with it.
func TestSimulatedPostsKeepTheirStart(t *testing.T) {
	st := boostStatus(workflows.PhaseActive)
	st.Simulated = true
	step := workflows.Step{Phase: workflows.PhaseActive, Text: "a step"}
	a := workflows.Alert{Namespace: "orders", Title: "Revert failed", Severity: workflows.SeverityError, Simulated: true}
	w := watchAlert(workflows.WatchOpened)
	w.Simulated = true
	r := report(2, 10)
	tests := []struct{ text, start string }{
		{BoostRootText(st), "Boost of orders-prod.a1b2c: "},
		{BoostStepText(st, step), "orders-prod.a1b2c: a step"},
		{AlertText(a), ":x: Revert failed"},
		{WatchAlertText(w), ":warning: orders.acct is above"},
		{RenderReport(r).Text, "Capacity analysis: 2 namespaces"},
	}
	for _, tt := range tests {
		if !strings.HasPrefix(tt.text, tt.start) || !strings.HasSuffix(tt.text, " [SIMULATED]") {
			t.Errorf("text %q: want it to start with %q and end with the marker", tt.text, tt.start)
		}
	}
}
