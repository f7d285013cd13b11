package slackbot

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// maxPlainText bounds a message posted as plain text after Slack refused
// its blocks: well under Slack's 40,000-character text limit, so that a
// refusal for length (msg_too_long) is not met again.
const maxPlainText = 12000

// plainText is the content of blocks as mrkdwn text, for a workspace or a
// message Slack refused the blocks of: headers, sections, context notes and
// table rows (cells joined by " | "), in order. Buttons have no text form and
// are left out; their commands are in /capacity help.
func plainText(blocks []slack.Block) string {
	var lines []string
	for _, b := range blocks {
		switch b := b.(type) {
		case *slack.HeaderBlock:
			if b.Text != nil {
				lines = append(lines, "*"+b.Text.Text+"*")
			}
		case *slack.SectionBlock:
			if b.Text != nil {
				lines = append(lines, b.Text.Text)
			}
			for _, f := range b.Fields {
				lines = append(lines, f.Text)
			}
		case *slack.ContextBlock:
			var parts []string
			for _, e := range b.ContextElements.Elements {
				if t, ok := e.(*slack.TextBlockObject); ok {
					parts = append(parts, t.Text)
				}
			}
			if len(parts) > 0 {
				lines = append(lines, strings.Join(parts, " · "))
			}
		case *slack.TableBlock:
			for _, row := range b.Rows {
				cells := make([]string, len(row))
				for i, c := range row {
					cells[i] = cellText(c)
				}
				lines = append(lines, strings.Join(cells, " | "))
			}
		}
	}
	return humanize.Clip(strings.Join(lines, "\n"), maxPlainText)
}

// cellText is a table cell's text.
func cellText(c slack.TableCell) string {
	switch c := c.(type) {
	case *slack.TableRawTextCell:
		return c.Text
	case *slack.TableRawNumberCell:
		if c.Text == "" {
			return humanize.Number(c.Value)
		}
		return c.Text
	case *slack.TableRichTextCell:
		var b strings.Builder
		for _, e := range c.Elements {
			sec, ok := e.(*slack.RichTextSection)
			if !ok {
				continue
			}
			for _, se := range sec.Elements {
				if t, ok := se.(*slack.RichTextSectionTextElement); ok {
					b.WriteString(t.Text)
				}
			}
		}
		return b.String()
	}
	return ""
}
