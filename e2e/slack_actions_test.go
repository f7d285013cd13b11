package e2e

import (
	"context"
	"testing"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/workflows"
)

// revertClick is a click on a boost message's Revert now button.
func revertClick(user, value, ts string) slack.InteractionCallback {
	return slack.InteractionCallback{Type: slack.InteractionTypeBlockActions, User: slack.User{ID: user},
		TriggerID: "trig-click-" + user,
		Channel:   slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: channel}}},
		Container: slack.Container{Type: "message", ChannelID: channel, MessageTs: ts},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: slackbot.ActionRevert, BlockID: "boost_actions", Value: value}}}}
}

// boostStatus queries a running boost through the bot's engine.
func boostStatus(t *testing.T, e *env, ns string) workflows.BoostStatus {
	t.Helper()
	st, err := bot.NewTemporalEngine(e.tc, e.tq).BoostStatus(context.Background(), ns)
	if err != nil {
		t.Fatalf("status of the boost of %s: %v", ns, err)
	}
	return st
}
