package slackbot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// Slack Block Kit limits the renderers respect (docs.slack.dev block and view
// references). limits_test.go checks every payload against them.
const (
	maxMessageBlocks = 50
	maxModalBlocks   = 100
	maxHomeBlocks    = 100
	maxSectionText   = 3000
	maxHeaderText    = 150
	maxTableRows     = 100 // header row included
	maxTableCells    = 20
	maxTableText     = 10000 // cell text per message
	maxViewLabel     = 24    // modal title, submit, close
	maxMetadata      = 3000
	maxOptionText    = 75
	maxOptions       = 100
	maxAckBytes      = 20 * 1024
)

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, s, true, false)
}

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, s, false, false)
}

func header(id, s string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(plain(humanize.Clip(s, maxHeaderText)), slack.HeaderBlockOptionBlockID(id))
}

func section(id, s string) *slack.SectionBlock {
	return slack.NewSectionBlock(mrkdwn(humanize.Clip(s, maxSectionText)), nil, nil, slack.SectionBlockOptionBlockID(id))
}

func contextText(id string, parts ...string) *slack.ContextBlock {
	els := make([]slack.MixedElement, 0, len(parts))
	for _, p := range parts {
		if p != "" {
			els = append(els, mrkdwn(humanize.Clip(p, maxSectionText)))
		}
	}
	return slack.NewContextBlock(id, els...)
}

// sections splits long text into section blocks of at most 3000 characters,
// cutting at line ends where possible, with at most max blocks.
func sections(prefix, text string, max int) []slack.Block {
	var out []slack.Block
	for len(text) > 0 && len(out) < max {
		chunk := text
		if utf8.RuneCountInString(chunk) > maxSectionText {
			r := []rune(text)[:maxSectionText]
			chunk = string(r)
			if i := strings.LastIndexByte(chunk, '\n'); i > maxSectionText/2 {
				chunk = chunk[:i+1]
			}
		}
		text = text[len(chunk):]
		if strings.TrimSpace(chunk) == "" {
			continue
		}
		out = append(out, section(fmt.Sprintf("%s_%d", prefix, len(out)), chunk))
	}
	return out
}

// escape makes user text safe inside mrkdwn: Slack needs &, < and > escaped
// so a reason cannot ping @channel or forge a link.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// slackDate renders a time with Slack's date formatting (shown in each
// reader's time zone) and a UTC fallback for clients that cannot.
func slackDate(t time.Time) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty} {time}|%s>", t.Unix(), t.UTC().Format("2006-01-02 15:04 UTC"))
}

// num prints a rate with at most one decimal.
func num(n float64) string {
	if math.IsNaN(n) || math.IsInf(n, 0) {
		return "?"
	}
	if n >= 100 || n == math.Trunc(n) {
		return humanize.Count(n)
	}
	return strconv.FormatFloat(n, 'f', 1, 64)
}

func user(id string) string {
	if id == "" {
		return "someone"
	}
	if strings.HasPrefix(id, "U") || strings.HasPrefix(id, "W") {
		return "<@" + id + ">"
	}
	return escape(id)
}

// simulatedNote marks messages about the simulated Temporal Cloud account so
// nobody mistakes them for their real one.
const simulatedNote = ":test_tube: *SIMULATED* Temporal Cloud: nothing real was changed."
