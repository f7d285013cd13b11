package slackbot

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestCostInMoney: with ACTION_PRICE_PER_MILLION set, the boost's root
// message and every analysis row with a floor state its money per hour;
// without it, only the floor in actions.
func TestCostInMoney(t *testing.T) {
	st := boostStatus(workflows.PhaseActive) // 4 TRUs: 1,080,000 actions/h
	for _, tc := range []struct {
		price float64
		want  string
		not   string
	}{
		{0, "1.08M actions/h while boosted", "$"},
		{50, "1.08M actions/h ≈ $54.00/h while boosted", ""},
	} {
		st.ActionPricePerMillion = tc.price
		raw, err := json.Marshal(BoostRootBlocks(st))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(raw), tc.want) || (tc.not != "" && strings.Contains(string(raw), tc.not)) {
			t.Errorf("price %v: root blocks lack %q: %s", tc.price, tc.want, raw)
		}
	}

	r := report(3, 20)
	r.Rows[0].Recommended, r.Rows[0].Action = r.Rows[0].Current, workflows.ActionAdd
	r.Rows[0].MinActionsPerHour = 720000
	r.ActionPricePerMillion = 25
	raw, err := json.Marshal(RenderReport(r).Blocks)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), "(floor 720K actions/h ≈ $18.00/h)") {
		t.Errorf("report row lacks its floor in money: %s", raw)
	}
}

// TestNotifierAppliesThePrice: the Bot's Notifier fills in the policy's
// price, so the workflows need not know it.
func TestNotifierAppliesThePrice(t *testing.T) {
	_, fs, _ := newNotifier(t, "CALERTS")
	b := New(Options{API: NewClient("xoxb-test", "xapp-test", fs.APIURL()), Handler: bot.NewHandler(bot.HandlerOptions{}),
		Policy: workflows.Policy{ActionPricePerMillion: 50}})
	if _, err := b.Notifier().CreateBoostRoot(context.Background(), "C777", boostStatus(workflows.PhasePlanned)); err != nil {
		t.Fatal(err)
	}
	root, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "C777"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(root.Blocks()), "≈ $54.00/h") {
		t.Errorf("root posted without the price: %s", root.Blocks())
	}
}
