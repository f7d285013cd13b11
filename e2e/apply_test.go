package e2e

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// applyButton finds the Apply button of a report row: the value of the
// accessory of the row's section.
func applyButton(t *testing.T, blocksJSON json.RawMessage, ns string) (string, bool) {
	t.Helper()
	var blocks slack.Blocks
	if err := json.Unmarshal(blocksJSON, &blocks); err != nil {
		t.Fatalf("decoding report blocks: %v", err)
	}
	for _, b := range blocks.BlockSet {
		s, ok := b.(*slack.SectionBlock)
		if ok && s.BlockID == "apply/"+ns && s.Accessory != nil && s.Accessory.ButtonElement != nil &&
			s.Accessory.ButtonElement.ActionID == slackbot.ActionApply {
			return s.Accessory.ButtonElement.Value, true
		}
	}
	return "", false
}

// applyClick is a click on a report row's Apply button.
func applyClick(user, value, ns, reportTS string) slack.InteractionCallback {
	return slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: slack.User{ID: user},
		TriggerID: "trig-apply-" + user,
		Channel:   slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: channel}}},
		Container: slack.Container{Type: "message", ChannelID: channel, MessageTs: reportTS},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: slackbot.ActionApply, BlockID: "apply/" + ns, Value: value}}}}
}

// prefilled reads what the Apply form filled in: the TRU choice, the
// duration choice and the reason.
func prefilled(v slack.View) (trus, end, reason string) {
	for _, b := range v.Blocks.BlockSet {
		in, ok := b.(*slack.InputBlock)
		if !ok {
			continue
		}
		switch el := in.Element.(type) {
		case *slack.SelectBlockElement:
			if el.InitialOption == nil {
				continue
			}
			switch in.BlockID {
			case slackbot.BlockTRUs:
				trus = el.InitialOption.Value
			case slackbot.BlockEnd:
				end = el.InitialOption.Value
			}
		case *slack.PlainTextInputBlockElement:
			if in.BlockID == slackbot.BlockReason {
				reason = el.InitialValue
			}
		}
	}
	return trus, end, reason
}

// TestApplyFromTheReport: analyze, Apply on the over-provisioned namespace,
// submit the form as filled in, and the namespace is on-demand, verified,
// with the report's row saying who applied it. A user who may not change
// capacity clicking the same button changes nothing.
func TestApplyFromTheReport(t *testing.T) {
	e := newEnv(t)
	etl := testworld.DemoNamespace("analytics-etl")
	if c := e.snapshot(etl); !c.Current.Equal(clients.Provisioned(8)) {
		t.Fatalf("before: %s is %s, want 8 TRUs", etl, c.Current)
	}
	e.ack(e.command(allowed, "analyze", "trig-analyze"), "/capacity analyze")
	report := e.waitCall(0, wait, "analysis report in the channel", isReport)
	value, ok := applyButton(t, report.Blocks(), etl)
	if !ok {
		t.Fatalf("the report has no Apply button for %s: %s", etl, report.Blocks())
	}
	if report.TS == "" {
		t.Fatal("the fake gave the report no ts")
	}

	// A stranger's click is refused and opens nothing.
	mark := e.slack.Mark()
	e.ack(e.interact(applyClick(stranger, value, etl, report.TS)), "a stranger's Apply")
	e.ephemeralTo(mark, stranger, "Sorry")
	for _, c := range e.slack.Calls()[mark:] {
		if c.Method == "views.open" {
			t.Errorf("a stranger's Apply opened a form: %s", clip(c.Param("view"), 300))
		}
	}
	if calls, _ := e.updates(); calls != 0 {
		t.Errorf("%d UpdateNamespace calls after a stranger's Apply", calls)
	}

	// An allowed user's click opens the form, filled in.
	mark = e.slack.Mark()
	e.ack(e.interact(applyClick(allowed, value, etl, report.TS)), "Apply")
	open := e.waitCall(mark, wait, "views.open from Apply", func(c fakeslack.Call) bool {
		return c.Method == "views.open" && c.Param("trigger_id") == "trig-apply-"+allowed
	})
	view := decodeView(t, open)
	view.ID, view.Hash = "V9", "h9"
	trus, end, reason := prefilled(view)
	if trus != "on-demand" || end != "keep" || !strings.HasPrefix(reason, "from the capacity report of ") {
		t.Errorf("form filled with TRUs %q, end %q, reason %q; want on-demand, keep and the report's reason", trus, end, reason)
	}

	mark = e.slack.Mark()
	r := e.submitModal(slack.User{ID: allowed, Name: "alice"}, view,
		form{ns: etl, trus: trus, endDur: end, reason: reason, channel: channel}, "Apply form submitted")
	if len(r.Errors) > 0 {
		t.Fatalf("the Apply form was refused: %v", r.Errors)
	}
	e.waitCapacity(etl, clients.OnDemand(), wait)
	st := e.boostResult(etl, wait)
	if st.Phase != workflows.PhaseDone || !st.Verified || !st.Request.Permanent || st.Reverted || !st.Target.Equal(clients.OnDemand()) {
		t.Errorf("final status %+v, want a done, verified, permanent change to on-demand", st)
	}
	if st.Request.Report == nil || st.Request.Report.TS != report.TS {
		t.Errorf("the change does not carry its report: %+v", st.Request.Report)
	}
	marked := e.waitCall(mark, wait, "report row marked", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == report.TS && strings.Contains(string(c.Blocks()), "applied by")
	})
	if !strings.Contains(string(marked.Blocks()), "applied by \\u003c@"+allowed) {
		t.Errorf("the marked row does not name who applied it: %s", marked.Blocks())
	}
	if _, still := applyButton(t, marked.Blocks(), etl); still {
		t.Error("the applied row still offers Apply")
	}
	if !strings.Contains(string(marked.Blocks()), `"type":"table"`) {
		t.Error("marking the row lost the report's table")
	}
	root := e.waitCall(mark, wait, "the change's root message", func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("thread_ts") == "" && strings.HasPrefix(c.Param("text"), "Change of "+etl)
	})
	if !strings.Contains(string(root.Blocks()), "the capacity report") {
		t.Errorf("the change's message does not link back to the report: %s", root.Blocks())
	}
	// Nothing reverts it.
	if c := e.snapshot(etl); !c.Current.Equal(clients.OnDemand()) {
		t.Errorf("after: %s is %s, want on-demand", etl, c.Current)
	}
}

// TestSetWhileABoostRunsIsRefused: set shares the namespace's one workflow
// ID with boosts, so it is refused naming the running boost.
func TestSetWhileABoostRunsIsRefused(t *testing.T) {
	e := newEnv(t)
	e.ack(e.command(allowed, "boost "+payments+" 4 for 30m launch", "trig-boost"), "/capacity boost")
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	mark := e.slack.Mark()
	e.ack(e.command(allowed, "set "+payments+" 2 steady load", "trig-set"), "/capacity set")
	e.ephemeralTo(mark, allowed, "A boost of "+payments+" is already running")
	if c := e.snapshot(payments); !c.Current.Equal(clients.Provisioned(4)) {
		t.Errorf("after the refused set: %s is %s, want the boost's 4 TRUs", payments, c.Current)
	}
}
