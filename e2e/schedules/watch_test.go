package schedules_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestThrottlingWatchEndToEnd: payments is throttled in the simulated
// cloud; the watch (started as main starts it) alerts the alerts channel
// once while the incident lasts, the alert's Boost button opens the boost
// form prefilled with the suggested TRUs, and once payments is quiet again
// the alerts channel gets one clear note.
func TestThrottlingWatchEndToEnd(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	payments := testworld.DemoNamespace("payments")
	if !e.cloud.SetUsage(payments, 480, 120) { // 600 APS asked of a 500 APS on-demand limit
		t.Fatal("no payments namespace in the demo account")
	}
	cfg := workflows.WatchConfig{Interval: time.Second, Threshold: 0.9, SensitiveThreshold: 0.5, ClearAfter: 2, MaxTRUs: 8}
	if err := app.StartThrottleWatch(ctx, e.tc, e.tq, &cfg, e.log); err != nil {
		t.Fatal(err)
	}
	// A second start (another replica booting) keeps the one watch.
	if err := app.StartThrottleWatch(ctx, e.tc, e.tq, &cfg, e.log); err != nil {
		t.Fatalf("second start: %v", err)
	}
	isAlert := func(sub string) func(fakeslack.Call) bool {
		return func(c fakeslack.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == alertChannel &&
				strings.Contains(c.Param("text"), payments) && strings.Contains(c.Param("text"), sub)
		}
	}
	alert, err := e.slack.WaitCall(wait, isAlert("throttled"))
	if err != nil {
		t.Fatalf("no throttling alert for payments: %v", err)
	}
	// Let the watch check several more times while payments stays throttled.
	calls := e.cloud.Stats().Calls["Metrics"]
	e.eventually("three more checks", func() bool { return e.cloud.Stats().Calls["Metrics"] >= calls+3 })
	if n := countMatching(e.slack.Calls(), isAlert("throttled")); n != 1 {
		t.Errorf("%d throttling alerts for one incident, want 1", n)
	}

	// The Boost button opens the prefilled boost form.
	_, value, ok, err := testworld.FindButton(alert.Blocks(), slackbot.ActionWatchBoost)
	if err != nil || !ok {
		t.Fatalf("the alert has no Boost button (%v): %s", err, alert.Blocks())
	}
	id, err := e.slack.SendInteraction(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, TriggerID: "trig-watch",
		User:           slack.User{ID: allowed},
		Channel:        slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: alertChannel}}},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: slackbot.ActionWatchBoost, Value: value}}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.slack.WaitAck(id, wait); err != nil {
		t.Fatal(err)
	}
	open, err := e.slack.WaitMethod(wait, "views.open", map[string]string{"trigger_id": "trig-watch"})
	if err != nil {
		t.Fatal(err)
	}
	view := viewOf(t, open)
	// 600 APS needs 600/0.8/500 = 1.5 TRUs: the smallest valid value is 2.
	if view.CallbackID != slackbot.CallbackBoostModal || !strings.Contains(view.PrivateMetadata, payments) || initialTRUs(view) != "2" {
		t.Errorf("opened %q for %q with %q TRUs preselected, want the boost form for payments with 2", view.CallbackID, view.PrivateMetadata, initialTRUs(view))
	}

	// Quiet again: one clear note.
	e.cloud.SetUsage(payments, 100, 0)
	if _, err := e.slack.WaitCall(wait, isAlert("cleared")); err != nil {
		t.Fatalf("no clear note: %v", err)
	}
	calls = e.cloud.Stats().Calls["Metrics"]
	e.eventually("three more checks", func() bool { return e.cloud.Stats().Calls["Metrics"] >= calls+3 })
	if n, m := countMatching(e.slack.Calls(), isAlert("cleared")), countMatching(e.slack.Calls(), isAlert("throttled")); n != 1 || m != 1 {
		t.Errorf("%d clear notes and %d alerts, want 1 and 1", n, m)
	}
}

func countMatching(calls []fakeslack.Call, match func(fakeslack.Call) bool) int {
	n := 0
	for _, c := range calls {
		if match(c) {
			n++
		}
	}
	return n
}

func initialTRUs(v slack.View) string {
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok || in.BlockID != slackbot.BlockTRUs {
			continue
		}
		if sel, ok := in.Element.(*slack.SelectBlockElement); ok && sel.InitialOption != nil {
			return sel.InitialOption.Value
		}
	}
	return ""
}
