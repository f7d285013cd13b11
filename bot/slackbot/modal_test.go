package slackbot

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
)

// durationOptions lists the values of the modal's "Revert after" choices.
func durationOptions(t *testing.T, v slack.ModalViewRequest) []string {
	t.Helper()
	for _, b := range v.Blocks.BlockSet {
		if in, ok := b.(*slack.InputBlock); ok && in.BlockID == BlockEnd {
			var out []string
			for _, o := range in.Element.(*slack.SelectBlockElement).Options {
				out = append(out, o.Value)
			}
			return out
		}
	}
	t.Fatal("no duration input in the modal")
	return nil
}

// TestModalOffersNoDurationOverTheLimit: the modal offers no duration longer
// than how long a boost may last.
func TestModalOffersNoDurationOverTheLimit(t *testing.T) {
	for _, tc := range []struct {
		max  time.Duration
		want []string
	}{
		{3 * time.Hour, []string{"30m0s", "1h0m0s", "2h0m0s", endKeep}},
		{24 * time.Hour, []string{"30m0s", "1h0m0s", "2h0m0s", "4h0m0s", "8h0m0s", "24h0m0s", endKeep}},
		{time.Hour, []string{"30m0s", "1h0m0s", endKeep}},
	} {
		o := modalOpts
		o.MaxDuration = tc.max
		if got := durationOptions(t, BoostModal("C1", nil, o)); !slices.Equal(got, tc.want) {
			t.Errorf("with a %s limit the modal offers %v, want %v", tc.max, got, tc.want)
		}
	}
}

// TestModalCostFollowsTheForm: choosing TRUs (or changing the times)
// dispatches an action, and the bot updates the same view with the cost
// floor of what is now chosen.
func TestModalCostFollowsTheForm(t *testing.T) {
	h := startBot(t, 1)
	v := formState{meta: `{"c":"C100","n":"orders.acct"}`, ns: "orders.acct", trus: "4", endDur: "2h0m0s", channel: "C100"}.view()
	v.ID, v.Hash = "V9", "h9"
	v.Blocks = BoostModal("C100", &ModalNamespace{Name: "orders.acct", Capacity: h.cloud.caps["orders.acct"], Info: h.cloud.infos["orders.acct"]}, h.bot.modalOptions()).Blocks
	for _, tc := range []struct {
		action, trus, endDur, want string
	}{
		{ActionTRUs, "4", "2h0m0s", "*Cost floor:* 1.08M actions/h, at least 2.16M actions over 2h."},
		{ActionEnd, "4", "30m0s", "*Cost floor:* 1.08M actions/h, at least 540K actions over 30m."},
		{ActionEnd, "6", endKeep, "*Cost floor:* 1.8M actions/h from then on (keep: a permanent change)."},
	} {
		f := formState{meta: v.PrivateMetadata, ns: "orders.acct", trus: tc.trus, endDur: tc.endDur, channel: "C100"}
		v.State = f.view().State
		mark := h.slack.Mark()
		h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: slack.User{ID: allowed}, View: v,
			ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: tc.action}}}}), "form changed")
		upd, err := h.slack.WaitCallAfter(mark, wait, func(c fakeslack.Call) bool {
			return c.Method == "views.update" && c.Param("view_id") == "V9" && c.Param("hash") == "h9"
		})
		if err != nil {
			t.Fatalf("%s %s %s: no views.update: %v", tc.action, tc.trus, tc.endDur, err)
		}
		if got := string(upd.Blocks()); !strings.Contains(got, tc.want) {
			t.Errorf("%s %s %s: updated view lacks %q:\n%s", tc.action, tc.trus, tc.endDur, tc.want, got)
		}
		var updated slack.View
		if err := json.Unmarshal([]byte(upd.Param("view")), &updated); err != nil {
			t.Fatal(err)
		}
		if n := len(updated.Blocks.BlockSet); n != len(v.Blocks.BlockSet) {
			t.Errorf("updated view has %d blocks, want the same %d", n, len(v.Blocks.BlockSet))
		}
	}
}
