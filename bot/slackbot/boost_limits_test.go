package slackbot

import (
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/workflows"
)

// TestBoostLimitsSaySameEverywhere: each limit on a boost's times is checked
// once (workflows.CheckBoostLength, CheckBoostLead), so the one-line command,
// the modal and the workflow's validation refuse with the same sentence.
// Before, "for 100h" was refused by the parser as "at most 31d" while the
// policy's limit was 72h.
func TestBoostLimitsSaySameEverywhere(t *testing.T) {
	h := startBot(t, 1)
	ns := "orders.acct"
	user := slack.User{ID: allowed, Name: "alice"}
	submit := func(f formState) slack.ViewSubmissionResponse {
		t.Helper()
		v := f.view()
		v.ID = "V1"
		a := h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, User: user, View: v, TriggerID: "trig-sub"}), "view_submission")
		return decodeAck[slack.ViewSubmissionResponse](t, a)
	}
	// workflowSays is what the workflow's own validation answers.
	workflowSays := func(req workflows.BoostRequest, now time.Time) string {
		t.Helper()
		err := workflows.ValidateBoost(req, h.cloud.caps[ns], h.cloud.infos[ns], h.policy, now)
		if err == nil {
			t.Fatalf("the workflow's validation accepts %+v", req)
		}
		return err.Error()
	}
	form := formState{meta: `{"c":"C100","n":"orders.acct"}`, ns: ns, trus: "4", channel: "C100"}

	t.Run("how long a boost may last", func(t *testing.T) {
		now := time.Now().Truncate(time.Second)
		want := workflowSays(workflows.BoostRequest{Namespace: ns, TRUs: 4, End: now.Add(100 * time.Hour)}, now)
		if !strings.HasPrefix(want, "A boost may last at most 3d; this one would last 4d4h") {
			t.Fatalf("workflow says %q", want)
		}
		mark := h.slack.Mark()
		h.ack(h.command(allowed, "boost "+ns+" 4 for 100h"), "slash boost for 100h")
		reply := h.replyAfter(mark, allowed, contains("refused")).Param("text")
		if !strings.Contains(reply, want) {
			t.Errorf("command says %q, want it to say %q", reply, want)
		}
		f := form
		f.endAt = now.Add(100 * time.Hour).Unix()
		if r := submit(f); r.Errors[BlockEndAt] != want {
			t.Errorf("modal says %+v, want %q under %s", r.Errors, want, BlockEndAt)
		}
	})
	t.Run("how far ahead a boost may start", func(t *testing.T) {
		now := time.Now().Truncate(time.Second)
		start := now.Add(40 * 24 * time.Hour)
		want := workflowSays(workflows.BoostRequest{Namespace: ns, TRUs: 4, Start: start, End: start.Add(2 * time.Hour)}, now)
		if !strings.HasPrefix(want, "A boost may start at most 31d ahead; this one would start in 40d") {
			t.Fatalf("workflow says %q", want)
		}
		f := form
		f.start, f.endDur = start.Unix(), "2h0m0s" // a 2h boost: its length is fine
		if r := submit(f); r.Errors[BlockStart] != want {
			t.Errorf("modal says %+v, want %q under %s", r.Errors, want, BlockStart)
		}
	})
	if n := len(h.engine.Attempts()); n != 0 {
		t.Errorf("StartBoost called %d times on refused boosts", n)
	}
}
