package slackbot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// homeFixture is a Home with two running boosts (one waiting to start), two
// schedules and a last report.
func homeFixture() bot.Home {
	waiting := boostStatus(workflows.PhaseWaiting)
	waiting.Request.Namespace, waiting.Request.Start = "payments.a1b2c", t0.Add(time.Hour)
	waiting.Request.Requester, waiting.Request.Reason = "U456", ""
	waiting.Before, waiting.Target = clients.Provisioned(2), clients.Provisioned(6)
	waiting.MinActionsPerHour = capacity.MinActionsPerHour(6)
	r := report(4, 80)
	r.Rows, r.Warnings = nil, []string{"usage of 1 namespace unavailable"}
	return bot.Home{
		Boosts: []workflows.BoostStatus{boostStatus(workflows.PhaseActive), waiting},
		Schedules: []bot.ScheduleInfo{
			{ID: "capacity-sched-boost-1", Next: t0.Add(24 * time.Hour), Boost: &workflows.ScheduledBoost{
				Namespace: "orders-prod.a1b2c", TRUs: 4, Days: []time.Weekday{time.Friday}, Start: "09:00", End: "17:00", TimeZone: "Europe/Paris", Requester: "U123"}},
			{ID: "capacity-sched-report-1", Paused: true, Note: "paused by U123", Report: &workflows.ScheduledReport{
				Days: []time.Weekday{time.Monday}, At: "08:00", TimeZone: "UTC", Channel: "C777", Requester: "U123"}},
		},
		Report: &r,
		At:     t0,
	}
}

// homePayloads are the App Home views, one golden file each.
func homePayloads() map[string]payload {
	home := func(h bot.Home, v HomeViewOptions) payload { return payload{homeKind, HomeView(h, v)} }
	boosts := homeFixture()
	boosts.Schedules, boosts.Report = nil, nil
	schedules := homeFixture()
	schedules.Boosts = nil
	sim := homeFixture()
	sim.Simulated = true
	sim.Problems = []string{"Could not read the schedules just now; the Home shows the rest."}
	month := homeFixture()
	month.Month = &bot.HistoryTotal{Runs: 3, Held: 150 * time.Minute, TRUHours: 11, TRUHoursAbove: 10, MinActions: 3_060_000, Money: 153}
	month.Price = 50
	return map[string]payload{
		"home_history_month":        home(month, HomeViewOptions{MayChange: true}),
		"home_empty":                home(bot.Home{At: t0}, HomeViewOptions{MayChange: true}),
		"home_boosts":               home(boosts, HomeViewOptions{MayChange: true}),
		"home_boosts_unauthorized":  home(boosts, HomeViewOptions{}),
		"home_schedules":            home(schedules, HomeViewOptions{MayChange: true}),
		"home_everything_simulated": home(sim, HomeViewOptions{MayChange: true, Notice: "[SIMULATED] The boost of orders-prod.a1b2c now ends at 21:00 UTC."}),
	}
}

func checkHome(t *testing.T, raw []byte) {
	t.Helper()
	var v struct {
		Type   string          `json:"type"`
		Blocks json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	if v.Type != string(slack.VTHomeTab) {
		t.Errorf("view type %q, want home", v.Type)
	}
	checkBlocks(t, v.Blocks, maxHomeBlocks)
}

// homeActionIDs lists the action IDs of a Home's buttons.
func homeActionIDs(t *testing.T, v slack.HomeTabViewRequest) []string {
	t.Helper()
	var ids []string
	for _, b := range v.Blocks.BlockSet {
		a, ok := b.(*slack.ActionBlock)
		if !ok {
			continue
		}
		for _, e := range a.Elements.ElementSet {
			if btn, ok := e.(*slack.ButtonBlockElement); ok {
				ids = append(ids, btn.ActionID)
			}
		}
	}
	return ids
}

func TestHomeButtonsOnlyForThoseWhoMayChange(t *testing.T) {
	tests := []struct {
		name      string
		mayChange bool
		want      []string
	}{
		{name: "allowed", mayChange: true, want: []string{ActionExtend, ActionRevert, ActionExtend, ActionRevert, ActionHomeAnalyze}},
		{name: "not allowed", mayChange: false, want: []string{ActionHomeAnalyze}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := homeActionIDs(t, HomeView(homeFixture(), HomeViewOptions{MayChange: tt.mayChange}))
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("buttons %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHomeShowsOnlyChangeableBoostsWithButtons(t *testing.T) {
	h := homeFixture()
	for _, p := range []workflows.BoostPhase{workflows.PhaseApplying, workflows.PhaseReverting} {
		h.Boosts[0].Phase, h.Boosts[1].Phase = p, p
		if got := homeActionIDs(t, HomeView(h, HomeViewOptions{MayChange: true})); len(got) != 1 || got[0] != ActionHomeAnalyze {
			t.Errorf("%s: buttons %v, want only %s (Extend and Revert only while waiting or active)", p, got, ActionHomeAnalyze)
		}
	}
}

func TestHomeLimitsTheBoostsItLists(t *testing.T) {
	h := homeFixture()
	h.Boosts = nil
	for range maxHomeBoosts + 20 {
		st := boostStatus(workflows.PhaseActive)
		st.Request.Reason = strings.Repeat("é", 3000)
		h.Boosts = append(h.Boosts, st)
	}
	raw, err := json.Marshal(HomeView(h, HomeViewOptions{MayChange: true}))
	if err != nil {
		t.Fatal(err)
	}
	checkHome(t, raw)
	if !strings.Contains(string(raw), "…and 20 more") {
		t.Error("the Home does not say how many boosts it left out")
	}
}

func TestWithBoostPutsTheFresherStatusInPlace(t *testing.T) {
	a := boostStatus(workflows.PhaseActive)
	b := boostStatus(workflows.PhaseWaiting)
	b.Request.Namespace = "billing.a1b2c"
	ended := a
	ended.Phase = workflows.PhaseDone
	reverting := a
	reverting.Phase = workflows.PhaseReverting
	newcomer := a
	newcomer.Request.Namespace = "zeta.a1b2c"
	tests := []struct {
		name string
		st   workflows.BoostStatus
		want []string // namespace:phase
	}{
		{name: "ended boost dropped", st: ended, want: []string{"billing.a1b2c:waiting-to-start"}},
		{name: "phase replaced", st: reverting, want: []string{"billing.a1b2c:waiting-to-start", "orders-prod.a1b2c:reverting"}},
		{name: "new boost added in order", st: newcomer, want: []string{"billing.a1b2c:waiting-to-start", "orders-prod.a1b2c:active", "zeta.a1b2c:active"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, st := range withBoost([]workflows.BoostStatus{a, b}, tt.st) {
				got = append(got, st.Request.Namespace+":"+string(st.Phase))
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("boosts %v, want %v", got, tt.want)
			}
		})
	}
}

// TestHomeHidesButtonsOutOfScope: a user who may change capacity sees the
// Extend and Revert buttons only on the boosts of namespaces their
// BOOST_SCOPES entry covers.
func TestHomeHidesButtonsOutOfScope(t *testing.T) {
	h := homeFixture()
	buttons := func(v HomeViewOptions) []string {
		var ids []string
		for _, b := range HomeView(h, v).Blocks.BlockSet {
			if a, ok := b.(*slack.ActionBlock); ok && strings.HasPrefix(a.BlockID, "home_boost_actions_") {
				ids = append(ids, a.BlockID)
			}
		}
		return ids
	}
	all := buttons(HomeViewOptions{MayChange: true})
	scoped := buttons(HomeViewOptions{MayChange: true, OutOfScope: map[string]bool{"payments.a1b2c": true}})
	if len(all) != 2 || len(scoped) != 1 || scoped[0] != "home_boost_actions_0" {
		t.Errorf("buttons %v, with payments out of scope %v; want both, then the first boost's only", all, scoped)
	}
}
