package slackbot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// AlertText is the notification text of an alert; it names the requester so
// they are notified.
func AlertText(a workflows.Alert) string {
	return bot.MarkSimulatedPost(fmt.Sprintf("%s %s (%s, requested by %s)", severityEmoji(a.Severity), a.Title, a.Namespace, user(a.Requester)), a.Simulated)
}

// AlertBlocks renders a failure for the alerts channel: what failed, for
// whom, and a link to the boost's thread where the whole story is.
func AlertBlocks(a workflows.Alert) []slack.Block {
	e := ":rotating_light:"
	if a.Severity == workflows.SeverityWarning {
		e = ":warning:"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s *%s*\n", e, escape(humanize.Clip(a.Title, 200)))
	fmt.Fprintf(&b, "*Namespace:* `%s` · *Requested by:* %s\n", escape(a.Namespace), user(a.Requester))
	if t := strings.TrimSpace(a.Text); t != "" {
		b.WriteString(escape(humanize.Clip(t, 2000)))
		b.WriteString("\n")
	}
	if link := threadLink(a.Thread); link != "" {
		fmt.Fprintf(&b, "<%s|Open the boost thread>", link)
	}
	blocks := []slack.Block{section("alert_body", b.String())}
	var notes []string
	if a.Simulated {
		notes = append(notes, simulatedNote)
	}
	if a.WorkflowID != "" {
		notes = append(notes, "Workflow `"+escape(a.WorkflowID)+"`")
	}
	if len(notes) > 0 {
		blocks = append(blocks, contextText("alert_notes", notes...))
	}
	if a.ExternalChange.AsksDecision() {
		blocks = append(blocks, decisionButtons(a.Namespace))
	}
	if a.Approval.Pending() {
		blocks = append(blocks, approvalCard(a.Namespace, a.Approval, 0)...)
	}
	return blocks
}

// threadLink is a link to a message that works without chat.getPermalink
// (one call fewer, and no extra scope): slack.com redirects archive links to
// the workspace.
func threadLink(ref workflows.MessageRef) string {
	if ref.Channel == "" || ref.TS == "" {
		return ""
	}
	return "https://slack.com/archives/" + ref.Channel + "/p" + strings.ReplaceAll(ref.TS, ".", "")
}
