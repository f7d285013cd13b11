package slackbot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// Action IDs of the approval card's buttons (in a boost's thread, its root
// message and the alerts channel). Their value is the namespace. The
// clicker's channel is checked here; whether they are an approver, and not
// the requester, is checked by the boost's workflow at the time of the
// click (see bot.Handler.AnswerApproval).
const (
	ActionApprove = "boost_approve"
	ActionDeny    = "boost_deny"
)

// approvalCard is the request for approval: what is asked and why, by whom,
// its cost floor, until when it waits, that one approver is enough, and the
// Approve and Deny buttons. price (0: unknown) turns the floor into money.
func approvalCard(ns string, a *workflows.Approval, price float64) []slack.Block {
	var b strings.Builder
	asked := "this boost"
	if !a.NewEnd.IsZero() {
		asked = "extending this boost to " + slackDate(a.NewEnd)
	}
	fmt.Fprintf(&b, ":raised_hand: *Approval needed* for %s of `%s` (%s).\n", asked, escape(ns), escape(humanize.Clip(a.Why, 200)))
	fmt.Fprintf(&b, "*Requested by:* %s\n", user(a.Requester))
	if a.MinActionsPerHour > 0 {
		fmt.Fprintf(&b, "*Cost floor:* %s while boosted\n", capacity.FormatFloor(a.MinActionsPerHour, price))
	} else {
		b.WriteString("*Cost floor:* none\n")
	}
	fmt.Fprintf(&b, "*Expires:* %s, changing nothing\n", slackDate(a.Expires))
	b.WriteString("One approver is enough; the requester cannot approve their own request.")
	approve := slack.NewButtonBlockElement(ActionApprove, ns, plain(bot.ApproveLabel)).WithStyle(slack.StylePrimary)
	deny := slack.NewButtonBlockElement(ActionDeny, ns, plain(bot.DenyLabel)).WithStyle(slack.StyleDanger)
	deny.Confirm = slack.NewConfirmationBlockObject(
		plain(bot.DenyLabel+"?"),
		mrkdwn(humanize.Clip(fmt.Sprintf("Deny the request for `%s`? Nothing will be changed.", escape(ns)), 300)),
		plain(bot.DenyLabel), plain("Cancel"))
	return []slack.Block{section("approval_card", b.String()), slack.NewActionBlock("approval_actions", approve, deny)}
}

// writeApproval writes who approved the boost, in the root message's body.
func writeApproval(b *strings.Builder, st workflows.BoostStatus) {
	if a := st.Approval; a != nil && a.Decision == workflows.ApprovalGranted {
		fmt.Fprintf(b, "*Approved by:* %s%s\n", user(a.DecidedBy), escape(workflows.NoteText(humanize.Clip(a.Note, capacity.MaxReasonChars))))
	}
}
