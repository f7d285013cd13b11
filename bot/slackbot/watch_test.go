package slackbot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

func watchAlert(kind workflows.WatchAlertKind) workflows.WatchAlert {
	return workflows.WatchAlert{Kind: kind, Namespace: "orders.acct", APS: 950, APSLimit: 1000, Share: 0.95,
		Threshold: 0.9, SuggestedTRUs: 4, OpenedAt: t0, At: t0.Add(20 * time.Minute)}
}

// TestThrottlingAlertBoostButton follows a throttling incident in Slack: the
// alert posted once to the alerts channel with a Boost button; the button
// refused to a stranger and, for an allowed user, opening the boost form
// prefilled with the namespace and the suggested TRUs; then the clear note,
// without a button.
func TestThrottlingAlertBoostButton(t *testing.T) {
	h := startBot(t, 1)
	ctx := context.Background()
	if err := h.bot.Notifier().PostWatchAlert(ctx, watchAlert(workflows.WatchOpened)); err != nil {
		t.Fatal(err)
	}
	posted, err := h.slack.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "CALERTS"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(posted.Param("text"), "orders.acct") || !strings.Contains(string(posted.Blocks()), "SIMULATED") {
		t.Errorf("alert text %q blocks %s", posted.Param("text"), posted.Blocks())
	}
	var blocks slack.Blocks
	if err := json.Unmarshal(posted.Blocks(), &blocks); err != nil {
		t.Fatal(err)
	}
	var button *slack.ButtonBlockElement
	for _, b := range blocks.BlockSet {
		if ab, ok := b.(*slack.ActionBlock); ok {
			for _, e := range ab.Elements.ElementSet {
				if btn, ok := e.(*slack.ButtonBlockElement); ok && btn.ActionID == ActionWatchBoost {
					button = btn
				}
			}
		}
	}
	if button == nil {
		t.Fatalf("no Boost button on the alert: %s", posted.Blocks())
	}

	click := func(user, trigger string) { clickWatchBoost(h, user, button.Value, trigger) }
	click(stranger, "trig-stranger")
	h.replyTo(stranger, contains("not"))
	click(allowed, "trig-watch")
	open, err := h.slack.WaitMethod(wait, "views.open", map[string]string{"trigger_id": "trig-watch"})
	if err != nil {
		t.Fatal(err)
	}
	var view slack.View
	if err := json.Unmarshal([]byte(open.Param("view")), &view); err != nil {
		t.Fatal(err)
	}
	if view.CallbackID != CallbackBoostModal || !strings.Contains(view.PrivateMetadata, "orders.acct") {
		t.Errorf("opened view %q with metadata %q, want the boost modal for orders.acct", view.CallbackID, view.PrivateMetadata)
	}
	if got := initialTRUs(t, view); got != "4" {
		t.Errorf("TRUs preselected %q, want the suggested 4", got)
	}
	if _, err := h.slack.WaitMethod(50*time.Millisecond, "views.open", map[string]string{"trigger_id": "trig-stranger"}); err == nil {
		t.Error("the stranger's click opened the boost form")
	}

	mark := h.slack.Mark()
	if err := h.bot.Notifier().PostWatchAlert(ctx, watchAlert(workflows.WatchCleared)); err != nil {
		t.Fatal(err)
	}
	clear, err := h.slack.WaitCallAfter(mark, wait, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == "CALERTS"
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(clear.Param("text"), "cleared") || strings.Contains(string(clear.Blocks()), ActionWatchBoost) {
		t.Errorf("clear note %q must say cleared and carry no button: %s", clear.Param("text"), clear.Blocks())
	}
}

func initialTRUs(t *testing.T, v slack.View) string {
	t.Helper()
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok || in.BlockID != BlockTRUs {
			continue
		}
		sel, ok := in.Element.(*slack.SelectBlockElement)
		if !ok || sel.InitialOption == nil {
			return ""
		}
		return sel.InitialOption.Value
	}
	t.Fatal("no TRUs input in the modal")
	return ""
}

func TestWatchAlertWithoutSuggestionHasNoButton(t *testing.T) {
	a := watchAlert(workflows.WatchOpened)
	a.SuggestedTRUs, a.SuggestionNote, a.ThrottledPerSec = 0, "No TRU value above the current 8 is valid.", 3
	raw, err := json.Marshal(WatchAlertBlocks(a))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(raw), ActionWatchBoost) || !strings.Contains(string(raw), "No TRU value") ||
		!strings.Contains(WatchAlertText(a), "throttled") {
		t.Errorf("alert without a suggestion: text %q blocks %s", WatchAlertText(a), raw)
	}
}

func TestDecodeWatchBoostRefusesBadValues(t *testing.T) {
	for _, v := range []string{"", "orders.acct", `{"t":4}`, `{"n":`} {
		if _, err := decodeWatchBoost(v); err == nil {
			t.Errorf("decodeWatchBoost(%q) accepted it", v)
		}
	}
}

// TestWatchBoostButtonResolvesTheNamespace clicks Boost buttons naming the
// namespace by bare name (an alert from a bare-name label) and by a value
// that names nothing: the first opens the form for the namespace ID, the
// second tells the clicker and opens no form.
func TestWatchBoostButtonResolvesTheNamespace(t *testing.T) {
	h := startBot(t, 1)
	click := func(value, trigger string) { clickWatchBoost(h, allowed, value, trigger) }
	click(`{"n":"orders","t":4}`, "trig-bare")
	open, err := h.slack.WaitMethod(wait, "views.open", map[string]string{"trigger_id": "trig-bare"})
	if err != nil {
		t.Fatal(err)
	}
	var view slack.View
	if err := json.Unmarshal([]byte(open.Param("view")), &view); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(view.PrivateMetadata, "orders.acct") {
		t.Errorf("form metadata %q, want the namespace ID orders.acct", view.PrivateMetadata)
	}
	click(`{"n":"ghost","t":4}`, "trig-ghost")
	h.replyTo(allowed, contains("there is no namespace ghost"))
	if _, err := h.slack.WaitMethod(50*time.Millisecond, "views.open", map[string]string{"trigger_id": "trig-ghost"}); err == nil {
		t.Error("a Boost button naming no namespace opened the boost form")
	}
}

// clickWatchBoost clicks a throttling alert's Boost button in the alerts
// channel and waits for the ack.
func clickWatchBoost(h *harness, user, value, trigger string) {
	h.t.Helper()
	h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, TriggerID: trigger,
		User:    slack.User{ID: user},
		Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: "CALERTS"}}},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: ActionWatchBoost, Value: value}}}}), "Boost button")
}
