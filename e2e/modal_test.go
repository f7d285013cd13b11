package e2e

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

// form is what a user filled in the boost modal.
type form struct {
	ns, trus, endDur string
	endAt            time.Time
	reason, channel  string
}

// view builds the submitted view: the state Slack sends, over the metadata
// of the view the bot last rendered.
func (f form) view(rendered slack.View) slack.View {
	opt := func(v string) slack.BlockAction {
		return slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: v}}
	}
	var endAt int64
	if !f.endAt.IsZero() {
		endAt = f.endAt.Unix()
	}
	v := slack.View{ID: rendered.ID, Hash: rendered.Hash, CallbackID: rendered.CallbackID,
		PrivateMetadata: rendered.PrivateMetadata, Blocks: rendered.Blocks}
	v.State = &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
		slackbot.BlockNamespace: {slackbot.ActionNamespace: opt(f.ns)},
		slackbot.BlockTRUs:      {slackbot.ActionTRUs: opt(f.trus)},
		slackbot.BlockStart:     {slackbot.ActionStart: {}},
		slackbot.BlockEnd:       {slackbot.ActionEnd: opt(f.endDur)},
		slackbot.BlockEndAt:     {slackbot.ActionEndAt: {SelectedDateTime: endAt}},
		slackbot.BlockReason:    {slackbot.ActionReason: {Value: f.reason}},
		slackbot.BlockChannel:   {slackbot.ActionChannel: {SelectedConversation: f.channel}},
	}}
	return v
}

func decodeView(t *testing.T, c fakeslack.Call) slack.View {
	t.Helper()
	var v slack.View
	if err := json.Unmarshal([]byte(c.Param("view")), &v); err != nil {
		t.Fatalf("decoding the %s view: %v\n%s", c.Method, err, c.Param("view"))
	}
	return v
}

// inputs returns the view's input block IDs and the TRU options offered.
func inputs(v slack.View) (blockIDs, trus []string) {
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		blockIDs = append(blockIDs, in.BlockID)
		if sel, ok := in.Element.(*slack.SelectBlockElement); ok && in.BlockID == slackbot.BlockTRUs {
			for _, o := range sel.Options {
				trus = append(trus, o.Value)
			}
		}
	}
	return blockIDs, trus
}

// openBoostModal runs "/capacity boost", checks the modal opened, picks the
// namespace and returns the modal as the bot re-rendered it for that choice.
func (e *env) openBoostModal(user slack.User, ns string) slack.View {
	t := e.t
	t.Helper()
	mark := e.slack.Mark()
	e.ack(e.command(user.ID, "boost", "trig-modal"), "/capacity boost")
	open := e.waitCall(mark, wait, "views.open", func(c fakeslack.Call) bool {
		return c.Method == "views.open" && c.Param("trigger_id") == "trig-modal"
	})
	view := decodeView(t, open)
	if view.CallbackID != slackbot.CallbackBoostModal {
		t.Fatalf("opened view %q, want %q", view.CallbackID, slackbot.CallbackBoostModal)
	}
	view.ID, view.Hash = "V1", "h1" // what Slack would have answered

	// Choosing the namespace re-renders the modal with its valid TRU values.
	mark = e.slack.Mark()
	e.ack(e.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: user, View: view,
		TriggerID: "trig-ns", ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: slackbot.ActionNamespace, BlockID: slackbot.BlockNamespace,
			SelectedOption: slack.OptionBlockObject{Value: ns}}}}}), "namespace chosen")
	upd := e.waitCall(mark, wait, "views.update after the namespace choice", func(c fakeslack.Call) bool {
		return c.Method == "views.update" && c.Param("view_id") == "V1"
	})
	if upd.Param("hash") != "h1" {
		t.Errorf("views.update hash %q, want the view's h1 (no lost updates)", upd.Param("hash"))
	}
	updated := decodeView(t, upd)
	updated.ID, updated.Hash = "V1", "h2"
	return updated
}

// submitModal submits the boost modal and returns the ack's answer.
func (e *env) submitModal(user slack.User, rendered slack.View, f form, what string) slack.ViewSubmissionResponse {
	t := e.t
	t.Helper()
	a := e.ack(e.interact(slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, User: user,
		View: f.view(rendered), TriggerID: "trig-" + strings.ReplaceAll(what, " ", "-")}), what)
	var r slack.ViewSubmissionResponse
	if err := json.Unmarshal(a.Payload, &r); err != nil {
		t.Fatalf("%s: ack payload %s: %v", what, a.Payload, err)
	}
	return r
}

func TestBoostModalConversation(t *testing.T) {
	e := newEnv(t)
	if c := e.snapshot(payments); !c.Current.Equal(clients.OnDemand()) {
		t.Fatalf("before: %s is %s, want on-demand", payments, c.Current)
	}
	user := slack.User{ID: allowed, Name: "alice"}
	updated := e.openBoostModal(user, payments)
	blockIDs, trus := inputs(updated)
	// payments takes 2,3,4,6,8,10,12; MAX_TRUS is 8.
	if want := []string{"2", "3", "4", "6", "8"}; !slices.Equal(trus, want) {
		t.Errorf("TRU options %v, want %v", trus, want)
	}

	submit := func(f form, what string) slack.ViewSubmissionResponse {
		t.Helper()
		return e.submitModal(user, updated, f, what)
	}
	good := form{ns: payments, trus: "4", endDur: "30m0s", reason: "e2e flash sale", channel: channel}

	// Bad values keep the modal open with the error under the right field,
	// and start nothing.
	for _, tc := range []struct {
		name  string
		edit  func(*form)
		block string
	}{
		{"end in the past", func(f *form) { f.endAt = time.Now().Add(-time.Hour) }, slackbot.BlockEndAt},
		{"longer than MAX_BOOST_DURATION", func(f *form) { f.endDur = (2 * time.Hour).String() }, slackbot.BlockEnd},
		{"no TRUs", func(f *form) { f.trus = "" }, slackbot.BlockTRUs},
	} {
		f := good
		tc.edit(&f)
		r := submit(f, "submit "+tc.name)
		if r.ResponseAction != slack.RAErrors || r.Errors[tc.block] == "" {
			t.Errorf("%s: answered %+v, want errors on block %q", tc.name, r, tc.block)
		}
		for b := range r.Errors {
			if !slices.Contains(blockIDs, b) {
				t.Errorf("%s: error on block %q, which the modal does not have (inputs %v)", tc.name, b, blockIDs)
			}
		}
	}
	if calls, _ := e.updates(); calls != 0 {
		t.Fatalf("bad submissions made %d UpdateNamespace calls", calls)
	}
	if n := e.executions(workflows.BoostWorkflowID(payments), 0); n != 0 {
		t.Fatalf("bad submissions started %d boost workflows", n)
	}

	// Good values: a short boost, closed modal, root message, thread, revert.
	mark := e.slack.Mark()
	good.endAt = time.Now().Add(10 * time.Second)
	if r := submit(good, "good submission"); r.ResponseAction != slack.RAClear {
		t.Fatalf("good submission answered %+v, want clear", r)
	}
	root := e.rootMessage(mark, channel, payments)
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	applying := e.threadReply(mark, channel, wait, "Applying")
	e.threadReply(mark, channel, wait, "is now at")
	ts := applying.Param("thread_ts")

	st := e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseDone || !st.Reverted || !st.Verified {
		t.Errorf("final status %+v, want done, reverted, verified", st)
	}
	if c := e.snapshot(payments); !c.Current.Equal(clients.OnDemand()) {
		t.Errorf("after: %s is %s, want on-demand", payments, c.Current)
	}
	e.threadReply(mark, channel, wait, "Reverting")
	e.threadReply(mark, channel, wait, "is back to")
	final := e.waitCall(mark, wait, "root message edited to done", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), ": done")
	})
	if _, ok := buttonValue(t, final.Blocks(), slackbot.ActionRevert); ok {
		t.Errorf("the finished boost's message still offers Revert now")
	}
	if r := root.Param("text"); !strings.Contains(r, payments) {
		t.Errorf("root message %q does not name %s", r, payments)
	}
	for _, c := range e.slack.CallsTo("chat.postMessage") {
		if c.Param("thread_ts") != "" && c.Param("thread_ts") != ts && c.Param("channel") == channel {
			t.Errorf("a step went to another thread %s: %q", c.Param("thread_ts"), c.Param("text"))
		}
	}
	if calls, applied := e.updates(); calls != 2 || applied != 2 {
		t.Errorf("UpdateNamespace calls %d, applied %d; want 2 and 2 (apply, revert)", calls, applied)
	}
}
