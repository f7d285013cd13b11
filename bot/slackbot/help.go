package slackbot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// maxStatusBoosts bounds how many boosts a status reply lists in full, so the
// reply stays under the 50-block limit (each takes at most 5 blocks).
const maxStatusBoosts = 8

// ReplyBlocks renders a command's reply: its text in sections, then, for a
// status command, each boost as it appears on its root message (without the
// buttons: they belong on the root message, where the thread is).
func ReplyBlocks(r bot.Reply) []slack.Block {
	blocks := sections("reply", safeText(r.Text), 10)
	for i, st := range r.Status {
		boost := []slack.Block{slack.NewDividerBlock()}
		for _, b := range BoostRootBlocks(st) {
			if b.BlockType() != slack.MBTAction {
				boost = append(boost, renameBlock(b, fmt.Sprintf("s%d_", i)))
			}
		}
		if i == maxStatusBoosts || len(blocks)+len(boost) > maxMessageBlocks-1 {
			blocks = append(blocks, contextText("status_more", fmt.Sprintf("…and %d more %s; ask `/capacity status <namespace>` for one.", len(r.Status)-i, humanize.Plural(len(r.Status)-i, "boost", "boosts"))))
			break
		}
		blocks = append(blocks, boost...)
	}
	if len(blocks) == 0 {
		blocks = append(blocks, section("reply_0", "(no answer)"))
	}
	return blocks
}

// safeText neutralises Slack's special sequences in the handler's text,
// which may quote what a user typed: <!channel>, <!subteam^…> and forged
// <http://…|links> lose their meaning, while the user and channel mentions
// the handler writes on purpose (<@U…>, <#C…>) are kept.
func safeText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '&':
			b.WriteString("&amp;")
		case '<':
			rest := s[i+1:]
			if strings.HasPrefix(rest, "@U") || strings.HasPrefix(rest, "@W") || strings.HasPrefix(rest, "#C") {
				b.WriteByte(c)
			} else {
				b.WriteString("&lt;")
			}
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// renameBlock prefixes a block's ID so that several boosts can share one
// message (block IDs must be unique within it).
func renameBlock(b slack.Block, prefix string) slack.Block {
	switch v := b.(type) {
	case *slack.HeaderBlock:
		c := *v
		c.BlockID = prefix + c.BlockID
		return &c
	case *slack.SectionBlock:
		c := *v
		c.BlockID = prefix + c.BlockID
		return &c
	case *slack.ContextBlock:
		c := *v
		c.BlockID = prefix + c.BlockID
		return &c
	}
	return b
}

// HelpBlocks renders the usage text with a title, for /capacity help (a
// bot.ReplyHelp reply), with the simulated note when the account is.
func HelpBlocks(simulated bool) []slack.Block {
	blocks := []slack.Block{header("help_head", ":books: /capacity")}
	blocks = append(blocks, sections("help", safeText(bot.Usage()), 10)...)
	if simulated {
		blocks = append(blocks, contextText("help_sim", simulatedNote))
	}
	return blocks
}

// boostDone is the ephemeral confirmation after the modal started a boost
// whose answer came too late for the modal's ack.
func boostStartedText(st workflows.BoostStatus) string {
	return fmt.Sprintf(":rocket: %s of `%s` to %s started; follow it in its thread.", st.Request.Noun(), st.Request.Namespace, st.Target)
}
