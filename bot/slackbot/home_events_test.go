package slackbot

import (
	"context"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

// openHome sends app_home_opened for the user and returns the Home published
// for them after mark.
func (h *harness) openHome(mark int, user string) fakeslack.Call {
	h.t.Helper()
	id, err := h.slack.SendAppHomeOpened(user, homeTab)
	if err != nil {
		h.t.Fatal(err)
	}
	h.ack(id, "app_home_opened")
	return h.homeAfter(mark, user, func(string) bool { return true })
}

// homeAfter waits for a views.publish to the user, after mark, whose blocks
// satisfy match.
func (h *harness) homeAfter(mark int, user string, match func(blocks string) bool) fakeslack.Call {
	h.t.Helper()
	c, err := h.slack.WaitCallAfter(mark, wait, func(c fakeslack.Call) bool {
		return c.Method == "views.publish" && c.Param("user_id") == user && match(string(c.Blocks()))
	})
	if err != nil {
		h.t.Fatalf("no Home published for %s: %v", user, err)
	}
	return c
}

func TestOpeningTheHomePublishesItWithButtonsForThoseWhoMayChange(t *testing.T) {
	h := startBot(t, 1)
	h.engine.SetRunning(boostStatus(workflows.PhaseActive))
	tests := []struct {
		user        string
		wantButtons bool
	}{
		{user: allowed, wantButtons: true},
		{user: groupie, wantButtons: true},
		{user: stranger, wantButtons: false},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			blocks := string(h.openHome(h.slack.Mark(), tt.user).Blocks())
			if !strings.Contains(blocks, "orders-prod.a1b2c") || !strings.Contains(blocks, "SIMULATED") {
				t.Errorf("the Home lacks the running boost or the SIMULATED marker: %s", blocks)
			}
			if got := strings.Contains(blocks, ActionRevert); got != tt.wantButtons {
				t.Errorf("Revert button shown: %v, want %v", got, tt.wantButtons)
			}
			if !strings.Contains(blocks, ActionHomeAnalyze) {
				t.Error("no Run a new analysis button")
			}
		})
	}
	if _, err := h.slack.SendAppHomeOpened(allowed, "messages"); err != nil {
		t.Fatal(err)
	}
	if n := len(h.slack.CallsTo("views.publish")); n != len(tests) {
		t.Errorf("%d Homes published, want %d (the Messages tab publishes none)", n, len(tests))
	}
}

func TestAHomeClickShowsItsOutcomeOnTheHome(t *testing.T) {
	h := startBot(t, 1)
	h.engine.SetRunning(boostStatus(workflows.PhaseActive))
	click := func(user, action string) {
		h.interact(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: slack.User{ID: user},
			TriggerID: "trig-home-" + user, View: slack.View{ID: "VHOME", Type: slack.VTHomeTab},
			Container:      slack.Container{Type: "view", ViewID: "VHOME"},
			ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: action, Value: "orders-prod.a1b2c"}}}})
	}
	tests := []struct {
		name, user, action string
		wantNotice         string
		wantReverts        int
	}{
		{name: "refused", user: stranger, action: ActionRevert, wantNotice: "may not change capacity", wantReverts: 0},
		{name: "revert", user: allowed, action: ActionRevert, wantNotice: "orders-prod.a1b2c", wantReverts: 1},
		{name: "analyze", user: stranger, action: ActionHomeAnalyze, wantNotice: "Analysis started", wantReverts: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mark := h.slack.Mark()
			click(tt.user, tt.action)
			h.homeAfter(mark, tt.user, func(b string) bool { return strings.Contains(b, "home_notice") && strings.Contains(b, tt.wantNotice) })
			if got := len(h.engine.Reverts()); got != tt.wantReverts {
				t.Errorf("%d reverts, want %d", got, tt.wantReverts)
			}
			if n := h.repliesTo(tt.user); n != 0 {
				t.Errorf("%d ephemeral replies: a Home click has no channel to answer in", n)
			}
		})
	}
	if a := h.engine.Analyses(); len(a) != 1 {
		t.Fatalf("analyses %v, want one", a)
	}
	for _, req := range h.engine.Analyses() {
		if req.Channel != stranger || req.Requester != stranger {
			t.Errorf("analysis from the Home = %+v, want it posted to the clicker's messages", req)
		}
	}
}

func TestAPhaseChangeRefreshesTheRequestersHome(t *testing.T) {
	h := startBot(t, 1)
	st := boostStatus(workflows.PhaseActive)
	st.Request.Requester = stranger
	h.engine.SetRunning(boostStatus(workflows.PhaseWaiting)) // the engine lags behind the notifier
	mark := h.slack.Mark()
	ref := workflows.MessageRef{Channel: channel, TS: "1700000000.000001"}
	step := workflows.Step{Phase: workflows.PhaseActive, Text: "Capacity is 4 TRUs.", PhaseChanged: true}
	if err := h.bot.Notifier().PostBoostStep(context.Background(), ref, st, step); err != nil {
		t.Fatal(err)
	}
	blocks := string(h.homeAfter(mark, stranger, func(string) bool { return true }).Blocks())
	if !strings.Contains(blocks, "active until") || strings.Contains(blocks, "waiting to start") {
		t.Errorf("the refreshed Home does not show the boost's new phase: %s", blocks)
	}
	if strings.Contains(blocks, ActionRevert) {
		t.Error("the requester may not change capacity but their Home has a Revert button")
	}

	// The refresh runs inside PostBoostStep: once it returns, every Home
	// it refreshed has been published.
	step.PhaseChanged = false
	if err := h.bot.Notifier().PostBoostStep(context.Background(), ref, st, step); err != nil {
		t.Fatal(err)
	}
	if n := len(h.slack.CallsTo("views.publish")); n != 1 {
		t.Errorf("%d Homes published after a step without a phase change, want still 1", n)
	}
}
