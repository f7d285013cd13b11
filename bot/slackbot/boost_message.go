package slackbot

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// Action IDs of the buttons on a boost's root message. Their value is the
// namespace; the clicker is authorized, not the message's author.
const (
	ActionExtend = "boost_extend"
	ActionRevert = "boost_revert"
)

// extendStep is how far the Extend button moves the end.
const extendStep = time.Hour

func emojiFor(p workflows.BoostPhase) string {
	switch p {
	case workflows.PhasePlanned:
		return ":memo:"
	case workflows.PhaseWaiting:
		return ":hourglass_flowing_sand:"
	case workflows.PhaseApplying:
		return ":gear:"
	case workflows.PhaseActive:
		return ":rocket:"
	case workflows.PhaseReverting:
		return ":leftwards_arrow_with_hook:"
	case workflows.PhaseDeciding, workflows.PhaseAwaitingApproval:
		return ":raised_hand:"
	case workflows.PhaseDone:
		return ":white_check_mark:"
	case workflows.PhaseFailed:
		return ":x:"
	case workflows.PhaseRefused:
		return ":no_entry_sign:"
	}
	return ":grey_question:"
}

// BoostRootText is the notification text of a boost's root message (shown in
// notifications and by clients that cannot render blocks).
func BoostRootText(st workflows.BoostStatus) string {
	text := fmt.Sprintf("%s of %s: %s (%s → %s)", st.Request.Noun(), st.Request.Namespace, bot.PhaseWords(st), st.Before, st.Target)
	if why := bot.EndWords(st); why != "" && st.Phase.Final() {
		text += "; " + why
	}
	return bot.MarkSimulatedPost(text, st.Simulated)
}

// BoostRootBlocks renders a boost's root message, edited in place as the
// phase changes. Buttons appear only while the boost can still be changed.
func BoostRootBlocks(st workflows.BoostStatus) []slack.Block {
	ns := st.Request.Namespace
	e := emojiFor(st.Phase)
	if st.EndReason == workflows.EndDenied || st.EndReason == workflows.EndExpired {
		e = emojiFor(workflows.PhaseRefused) // ended, but not as asked
	}
	title := fmt.Sprintf("%s %s %s: %s", e, st.Request.Noun(), ns, bot.PhaseWords(st))
	if st.DryRun {
		title += " (dry run)"
	}
	blocks := []slack.Block{header("boost_head", title)}

	body := liveBody(st)
	if st.Phase.Final() {
		body = finalBody(st)
	}
	blocks = append(blocks, section("boost_body", body))

	if st.Error != "" {
		blocks = append(blocks, section("boost_error", ":x: "+escape(humanize.Clip(st.Error, 2000))))
	} else if st.Message != "" {
		blocks = append(blocks, contextText("boost_status", escape(humanize.Clip(st.Message, 1000))))
	}
	var notes []string
	if st.Simulated {
		notes = append(notes, simulatedNote)
	}
	switch {
	case st.DryRun && st.Phase.Final():
		notes = append(notes, ":memo: *Dry run*: nothing was changed.")
	case st.DryRun:
		notes = append(notes, ":memo: *Dry run*: nothing will be changed.")
	}
	if r := st.Request.Report; r != nil {
		notes = append(notes, "Applied from "+messageLink(*r, "the capacity report"))
	}
	if st.WorkflowID != "" {
		notes = append(notes, "Workflow `"+escape(st.WorkflowID)+"`")
	}
	if len(notes) > 0 {
		blocks = append(blocks, contextText("boost_notes", notes...))
	}
	if changeable(st) {
		blocks = append(blocks, boostButtons("boost_actions", ns))
	}
	if st.Phase == workflows.PhaseDeciding && st.ExternalChange.AsksDecision() {
		blocks = append(blocks, decisionButtons(ns))
	}
	if st.Approval.Pending() && !st.Phase.Final() {
		blocks = append(blocks, approvalCard(ns, st.Approval, st.ActionPricePerMillion)...)
	}
	return blocks
}

// liveBody is the body of a boost that has not ended: what it will do,
// until when, and what it costs meanwhile.
func liveBody(st workflows.BoostStatus) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Namespace:* `%s`\n", escape(st.Request.Namespace))
	fmt.Fprintf(&b, "*Capacity:* %s → *%s*", st.Before, st.Target)
	switch {
	case st.ExternalChange != nil:
		fmt.Fprintf(&b, " (now %s, changed outside the bot)", st.ExternalChange.Found)
	case st.Verified && st.Observed.Mode != "":
		fmt.Fprintf(&b, " (verified: %s)", st.Observed)
	}
	b.WriteString("\n")
	if !st.Request.Start.IsZero() {
		fmt.Fprintf(&b, "*Starts:* %s\n", slackDate(st.Request.Start))
	}
	switch {
	case st.Request.Permanent:
		b.WriteString("*Ends:* never: a permanent change, nothing reverts it\n")
	case !st.End.IsZero():
		fmt.Fprintf(&b, "*Ends:* %s\n", slackDate(st.End))
	case !st.Request.End.IsZero():
		fmt.Fprintf(&b, "*Ends:* %s\n", slackDate(st.Request.End))
	default:
		b.WriteString("*Ends:* no automatic revert\n")
	}
	writeRequester(&b, st)
	if st.MinActionsPerHour > 0 {
		while := "while boosted"
		if st.Request.Permanent {
			while = "from then on"
		}
		fmt.Fprintf(&b, "*Cost floor:* %s %s", capacity.FormatFloor(st.MinActionsPerHour, st.ActionPricePerMillion), while)
	} else {
		b.WriteString("*Cost floor:* none")
	}
	return b.String()
}

// finalBody is the body of a boost that has ended: what it was, when it
// started and really ended, why, how long it lasted and where it left the
// namespace. The planned end and the cost floor no longer apply.
func finalBody(st workflows.BoostStatus) string {
	var b strings.Builder
	fmt.Fprintf(&b, "*Namespace:* `%s`\n", escape(st.Request.Namespace))
	label := "*" + st.Request.Noun() + ":*"
	if st.DryRun {
		label = "*Would have boosted:*"
		if st.Request.Permanent {
			label = "*Would have changed:*"
		}
	}
	fmt.Fprintf(&b, "%s %s → %s\n", label, st.Before, st.Target)
	if !st.StartedAt.IsZero() && !st.DryRun {
		fmt.Fprintf(&b, "*Started:* %s\n", slackDate(st.StartedAt))
	}
	why := bot.EndWords(st)
	switch {
	case st.Phase == workflows.PhaseFailed:
		b.WriteString("*Failed:*")
		if !st.EndedAt.IsZero() {
			b.WriteString(" " + slackDate(st.EndedAt))
		}
		if why != "" {
			b.WriteString(" while ending the boost (" + why + ")")
		}
		b.WriteString("\n")
	case st.Phase == workflows.PhaseRefused && !st.EndedAt.IsZero():
		fmt.Fprintf(&b, "*Refused:* %s\n", slackDate(st.EndedAt))
	case st.DryRun && !st.EndedAt.IsZero():
		fmt.Fprintf(&b, "*Checked:* %s\n", slackDate(st.EndedAt))
	case !st.EndedAt.IsZero():
		fmt.Fprintf(&b, "*Ended:* %s", slackDate(st.EndedAt))
		if why != "" {
			b.WriteString(", " + why)
		}
		b.WriteString("\n")
	case why != "":
		fmt.Fprintf(&b, "*Ended:* %s\n", why)
	}
	if lasted := bot.Lasted(st); lasted != "" && st.Phase == workflows.PhaseDone {
		fmt.Fprintf(&b, "*Lasted:* %s\n", lasted)
	}
	if outcome := bot.Outcome(st); outcome != "" {
		fmt.Fprintf(&b, "*Now:* %s\n", outcome)
	}
	writeRequester(&b, st)
	return strings.TrimSuffix(b.String(), "\n")
}

// writeRequester writes who asked for the boost and why.
func writeRequester(b *strings.Builder, st workflows.BoostStatus) {
	fmt.Fprintf(b, "*Requested by:* %s\n", user(st.Request.Requester))
	writeApproval(b, st)
	if r := strings.TrimSpace(st.Request.Reason); r != "" {
		fmt.Fprintf(b, "*Reason:* %s\n", escape(humanize.Clip(r, capacity.MaxReasonChars)))
	}
}

// changeable reports whether Extend and Revert make sense now.
func changeable(st workflows.BoostStatus) bool {
	return !st.DryRun && (st.Phase == workflows.PhaseWaiting || st.Phase == workflows.PhaseActive)
}

// boostButtons are Extend and Revert now for the namespace's boost, in an
// action block with the given ID (unique within a message or view).
func boostButtons(blockID, ns string) *slack.ActionBlock {
	extend := slack.NewButtonBlockElement(ActionExtend, ns, plain("Extend 1h"))
	revert := slack.NewButtonBlockElement(ActionRevert, ns, plain("Revert now")).WithStyle(slack.StyleDanger)
	revert.Confirm = slack.NewConfirmationBlockObject(
		plain("Revert now?"),
		mrkdwn(humanize.Clip(fmt.Sprintf("Revert `%s` to its capacity before the boost now?", escape(ns)), 300)),
		plain("Revert"), plain("Keep"))
	return slack.NewActionBlock(blockID, extend, revert)
}

// severityEmoji is the mark of a step; "" for an unknown severity.
func severityEmoji(s workflows.StepSeverity) string {
	switch s {
	case workflows.SeverityInfo:
		return ":information_source:"
	case workflows.SeverityWarning:
		return ":warning:"
	case workflows.SeverityError:
		return ":x:"
	}
	return ""
}

// BoostStepText is the notification text of a thread reply.
func BoostStepText(st workflows.BoostStatus, step workflows.Step) string {
	return bot.MarkSimulatedPost(fmt.Sprintf("%s: %s", st.Request.Namespace, step.Text), st.Simulated)
}

// BoostStepBlocks renders one step of a boost's story, posted in its thread.
func BoostStepBlocks(st workflows.BoostStatus, step workflows.Step) []slack.Block {
	e := severityEmoji(step.Severity)
	if e == "" {
		e = emojiFor(step.Phase)
	}
	blocks := []slack.Block{section("step_text", e+" "+escape(humanize.Clip(step.Text, 2800)))}
	var parts []string
	if !step.At.IsZero() {
		parts = append(parts, slackDate(step.At))
	}
	if step.Phase != "" {
		parts = append(parts, "phase: "+string(step.Phase))
	}
	if st.Simulated {
		parts = append(parts, "SIMULATED")
	}
	if len(parts) > 0 {
		blocks = append(blocks, contextText("step_meta", strings.Join(parts, " · ")))
	}
	if step.ExternalChange.AsksDecision() {
		blocks = append(blocks, decisionButtons(st.Request.Namespace))
	}
	if step.Approval.Pending() {
		blocks = append(blocks, approvalCard(st.Request.Namespace, step.Approval, st.ActionPricePerMillion)...)
	}
	return blocks
}
