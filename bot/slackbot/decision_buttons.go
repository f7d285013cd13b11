package slackbot

import (
	"fmt"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// Action IDs of the buttons that answer a boost which found its capacity
// changed outside the bot (in its thread, its root message and the alert).
// Their value is the namespace; the clicker is authorized, not the author.
const (
	ActionRevertAnyway = "boost_revert_anyway"
	ActionLeaveAsIs    = "boost_leave_as_is"
)

// decisionButtons offers Revert anyway (confirmed: it overwrites someone's
// change) and Leave as is.
func decisionButtons(ns string) *slack.ActionBlock {
	revert := slack.NewButtonBlockElement(ActionRevertAnyway, ns, plain(bot.RevertAnywayLabel)).WithStyle(slack.StyleDanger)
	revert.Confirm = slack.NewConfirmationBlockObject(
		plain(bot.RevertAnywayLabel+"?"),
		mrkdwn(humanize.Clip(fmt.Sprintf("Revert `%s` to its capacity before the boost, overwriting the change made outside the bot?", escape(ns)), 300)),
		plain(bot.RevertAnywayLabel), plain("Cancel"))
	leave := slack.NewButtonBlockElement(ActionLeaveAsIs, ns, plain(bot.LeaveAsIsLabel)).WithStyle(slack.StylePrimary)
	return slack.NewActionBlock("external_change_actions", revert, leave)
}
