package slackbot

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/workflows"
)

func contains(sub string) func(string) bool {
	return func(s string) bool { return strings.Contains(s, sub) }
}

func TestSlashCommandsAckFirstThenReply(t *testing.T) {
	h := startBot(t, 1)
	cases := []struct {
		name, user, text, want string
		starts                 int
	}{
		{name: "help", user: stranger, text: "help", want: "Usage of /capacity"},
		{name: "usage error", user: stranger, text: "bogus", want: "bogus"},
		{name: "boost refused for a stranger", user: stranger, text: "boost orders.acct 4 for 1h", want: "may not change capacity"},
		{name: "boost started", user: allowed, text: "boost orders.acct 4 for 1h launch", want: "Boost of orders.acct to 4 TRUs started", starts: 1},
		{name: "boost above MAX_TRUS refused", user: allowed, text: "boost payments.acct 10 for 1h", want: "refused", starts: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mark := h.slack.Mark()
			id := h.command(tc.user, tc.text)
			a := h.ack(id, "slash "+tc.text)
			if p := strings.TrimSpace(string(a.Payload)); p != "" && p != "null" {
				t.Errorf("slash ack carries %s; it must be empty (the reply follows)", p)
			}
			h.replyAfter(mark, tc.user, contains(tc.want))
			if got := len(h.engine.Attempts()); got != tc.starts {
				t.Errorf("StartBoost called %d times, want %d", got, tc.starts)
			}
		})
	}
}

func TestBoostModalConversation(t *testing.T) {
	h := startBot(t, 1)

	// Bare "boost" opens the modal with the command's trigger.
	h.ack(h.command(allowed, "boost"), "slash boost")
	open, err := h.slack.WaitMethod(wait, "views.open", map[string]string{"trigger_id": "trig-boost"})
	if err != nil {
		t.Fatal(err)
	}
	var view slack.View
	if err := json.Unmarshal([]byte(open.Param("view")), &view); err != nil {
		t.Fatal(err)
	}
	if view.CallbackID != CallbackBoostModal {
		t.Fatalf("opened view %q", view.CallbackID)
	}
	view.ID, view.Hash = "V1", "h1"
	user := slack.User{ID: allowed, Name: "alice"}

	// Searching namespaces is answered in the ack.
	sug := h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockSuggestion, User: user,
		ActionID: ActionNamespace, BlockID: BlockNamespace, Value: "pay", View: view}), "block_suggestion")
	opts := decodeAck[optionsResponse](t, sug)
	if len(opts.Options) != 1 || opts.Options[0].Value != "payments.acct" {
		t.Fatalf("options for %q = %+v", "pay", opts.Options)
	}

	// Choosing one updates the modal with the TRU values valid for it.
	h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: user, View: view,
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: ActionNamespace, BlockID: BlockNamespace, SelectedOption: slack.OptionBlockObject{Value: "orders.acct"}}}}}),
		"namespace chosen")
	upd, err := h.slack.WaitMethod(wait, "views.update", map[string]string{"view_id": "V1", "hash": "h1"})
	if err != nil {
		t.Fatal(err)
	}
	var updated slack.View
	if err := json.Unmarshal([]byte(upd.Param("view")), &updated); err != nil {
		t.Fatal(err)
	}
	if got := truOptions(t, updated); !slices.Equal(got, []string{"2", "3", "4", "6", "8"}) {
		t.Errorf("TRU options = %v, want the valid values up to MAX_TRUS 8", got)
	}
	if !strings.Contains(string(upd.Blocks()), "p90 220") {
		t.Errorf("updated modal does not show the 7-day p90: %s", upd.Blocks())
	}
	updated.ID, updated.Hash = "V1", "h2"

	submit := func(f formState) slack.ViewSubmissionResponse {
		t.Helper()
		v := f.view()
		v.ID, v.CallbackID, v.PrivateMetadata = "V1", CallbackBoostModal, updated.PrivateMetadata
		a := h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, User: user, View: v, TriggerID: "trig-sub"}), "view_submission")
		return decodeAck[slack.ViewSubmissionResponse](t, a)
	}
	f := formState{ns: "orders.acct", trus: "4", endDur: "1h0m0s", reason: "launch", channel: "C200"}

	bad := f
	bad.trus, bad.start = "", time.Now().Add(-time.Hour).Unix()
	if r := submit(bad); r.ResponseAction != slack.RAErrors || r.Errors[BlockTRUs] == "" || r.Errors[BlockStart] == "" {
		t.Errorf("bad submission answered %+v", r)
	}
	tooMany := f
	tooMany.trus = "10" // valid for the namespace, above MAX_TRUS: the handler refuses
	if r := submit(tooMany); r.ResponseAction != slack.RAErrors || r.Errors[BlockTRUs] == "" {
		t.Errorf("refused submission answered %+v", r)
	}
	if n := len(h.engine.Attempts()); n != 0 {
		t.Fatalf("StartBoost called %d times on bad input", n)
	}
	if r := submit(f); r.ResponseAction != slack.RAClear {
		t.Fatalf("good submission answered %+v", r)
	}
	if n := len(h.engine.Attempts()); n != 1 {
		t.Fatalf("StartBoost called %d times, want 1", n)
	}
	attempts := h.engine.Attempts()
	req := attempts[0]
	if req.Namespace != "orders.acct" || req.TRUs != 4 || req.Channel != "C200" || req.Requester != allowed || req.Reason != "launch" {
		t.Errorf("started %+v", req)
	}
	if r := submit(f); r.ResponseAction != slack.RAErrors || !strings.Contains(r.Errors[BlockNamespace], "already running") {
		t.Errorf("second boost of the same namespace answered %+v", r)
	}
}

func truOptions(t *testing.T, v slack.View) []string {
	t.Helper()
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok || in.BlockID != BlockTRUs {
			continue
		}
		sel, ok := in.Element.(*slack.SelectBlockElement)
		if !ok {
			t.Fatalf("TRUs element is %T", in.Element)
		}
		var out []string
		for _, o := range sel.Options {
			out = append(out, o.Value)
		}
		return out
	}
	t.Fatal("no TRUs input in the updated modal")
	return nil
}

func TestSlowBoostClosesModalAndTellsLater(t *testing.T) {
	h := startBot(t, 1)
	h.engine.SetDelay(submitWait + 500*time.Millisecond)
	f := formState{meta: `{"c":"C100","n":"orders.acct"}`, ns: "orders.acct", trus: "4", endDur: "1h0m0s", channel: "C100"}
	// By design this ack waits submitWait for the start, then gives up
	// waiting: it is not counted as the slowest ack.
	a := h.ackWithin(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission,
		User: slack.User{ID: allowed}, View: f.view()}), "slow view_submission", submitWait+500*time.Millisecond)
	if r := decodeAck[slack.ViewSubmissionResponse](t, a); r.ResponseAction != slack.RAClear {
		t.Errorf("slow submission answered %+v, want clear", r)
	}
	h.replyTo(allowed, contains("started"))
}

func TestButtonsAuthorizeTheClicker(t *testing.T) {
	h := startBot(t, 1)
	h.engine.SetRunning(workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "orders.acct", Requester: allowed},
		Phase: workflows.PhaseActive, End: time.Now().Add(time.Hour), StartedAt: time.Now()})
	click := func(user, action string) {
		t.Helper()
		h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
			User: slack.User{ID: user}, Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: channel}}},
			ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: action, Value: "orders.acct"}}}}),
			"button "+action)
	}

	click(stranger, ActionRevert)
	h.replyTo(stranger, contains("not"))
	click(allowed, ActionExtend)
	h.eventually("extend reaches the engine", func() bool { return len(h.engine.Extends()) == 1 })
	click(groupie, ActionRevert)
	h.eventually("revert reaches the engine", func() bool { return len(h.engine.Reverts()) == 1 })
	if r := len(h.engine.Reverts()); r != 1 {
		t.Errorf("reverts = %d; the stranger's click must not revert", r)
	}
	extends, reverts := h.engine.Extends(), h.engine.Reverts()
	if reverts[0].Requester != groupie || extends[0].Requester != allowed {
		t.Errorf("changes attributed to %q/%q, want the clickers", reverts[0].Requester, extends[0].Requester)
	}
}

// Revert anyway and Leave as is reach the boost as decisions, only from
// clickers who may change capacity.
func TestDecisionButtonsAuthorizeTheClicker(t *testing.T) {
	h := startBot(t, 1)
	h.engine.SetRunning(workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "orders.acct", Requester: allowed},
		Phase: workflows.PhaseDeciding, StartedAt: time.Now()})
	click := func(user, action string) {
		t.Helper()
		h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
			User: slack.User{ID: user}, Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: "CALERTS"}}},
			ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: action, Value: "orders.acct"}}}}),
			"button "+action)
	}
	click(stranger, ActionRevertAnyway)
	h.replyTo(stranger, contains("not"))
	click(groupie, ActionLeaveAsIs)
	h.eventually("leave as is reaches the engine", func() bool { return len(h.engine.Decisions()) == 1 })
	h.engine.SetRunning(workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "orders.acct", Requester: allowed},
		Phase: workflows.PhaseDeciding, StartedAt: time.Now()})
	click(allowed, ActionRevertAnyway)
	h.eventually("revert anyway reaches the engine", func() bool { return len(h.engine.Decisions()) == 2 })
	d := h.engine.Decisions()
	if d[0].Decision != workflows.DecisionLeaveAsIs || d[0].Requester != groupie ||
		d[1].Decision != workflows.DecisionRevertAnyway || d[1].Requester != allowed {
		t.Errorf("decisions %+v, want leave by %s then revert anyway by %s (never the stranger)", d, groupie, allowed)
	}
}

func TestRedeliveredEnvelopeHandledOnce(t *testing.T) {
	h := startBot(t, 1)
	id := h.command(allowed, "boost orders.acct 4 for 1h")
	h.ack(id, "first delivery")
	h.replyTo(allowed, contains("started"))
	if err := h.slack.Redeliver(id); err != nil {
		t.Fatal(err)
	}
	h.eventually("redelivery acked", func() bool { return h.slack.AckCount(id) == 2 })
	// A later command is handled after the redelivery was dispatched.
	h.ack(h.command(allowed, "help"), "help after redelivery")
	h.replyTo(allowed, contains("Usage"))
	if n := len(h.engine.Attempts()); n != 1 {
		t.Errorf("StartBoost called %d times for one envelope delivered twice", n)
	}
	if n := h.repliesTo(allowed); n != 2 {
		t.Errorf("%d replies, want 2 (boost once, help once)", n)
	}
}

func TestReconnectAfterDisconnect(t *testing.T) {
	h := startBot(t, 1)
	h.slack.Disconnect()
	if err := h.slack.WaitConnects(2, wait); err != nil {
		t.Fatal(err)
	}
	h.eventually("connected again", h.bot.Connected)
	h.ack(h.command(stranger, "help"), "help after reconnect")
	h.replyTo(stranger, contains("Usage"))

	if err := h.slack.RequestDisconnect("refresh_requested"); err != nil {
		t.Fatal(err)
	}
	if err := h.slack.WaitConnects(3, wait); err != nil {
		t.Fatal(err)
	}
	id := h.command(stranger, "status")
	h.ack(id, "status after requested disconnect")
}

func TestEnvelopesSpreadOverConnections(t *testing.T) {
	h := startBot(t, 3)
	conns := map[int]bool{}
	for range 6 {
		id := h.command(stranger, "help")
		a := h.ack(id, "help on one of 3 connections")
		to, _ := h.slack.DeliveredTo(id)
		if a.Conn != to {
			t.Errorf("envelope went to socket %d, ack came on %d", to, a.Conn)
		}
		conns[a.Conn] = true
	}
	if len(conns) != 3 {
		t.Errorf("acks came on %d sockets, want 3", len(conns))
	}
}

func TestAckLatencyRecorded(t *testing.T) {
	h := startBot(t, 1)
	h.ack(h.command(stranger, "help"), "help")
	h.replyTo(stranger, contains("Usage"))
	if got := histogramCount(t, h.metrics); got < 1 {
		t.Errorf("AckLatency has %d samples", got)
	}
}

func TestReplyFallsBackToResponseURL(t *testing.T) {
	h := startBot(t, 1)
	h.slack.FailNext("chat.postEphemeral", 1, "channel_not_found")
	h.ack(h.command(stranger, "help"), "help in a channel the bot is not in")
	c, err := h.slack.WaitMethod(wait, "response_url", map[string]string{"response_type": "ephemeral", "response_id": "r-" + stranger})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Param("text"), "Usage") {
		t.Errorf("response_url got %q", c.Param("text"))
	}
}
