package fakeslack

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/slack-go/slack"
)

// TestRefusals checks that the fake refuses messages by content the way
// Slack does, with its error codes as slack-go's typed error.
func TestRefusals(t *testing.T) {
	s := New(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(s.APIURL()))
	ctx := context.Background()
	table := slack.NewTableBlock("t")
	table.AddRow(slack.NewTableRawTextCell("a"))
	section := slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "hi", false, false), nil, nil)

	stopTables := s.RefuseBlocks("table", ErrInvalidBlocks)
	s.RefuseChannel("CPRIVATE", ErrNotInChannel)
	s.RefuseChannel("CGONE", ErrChannelNotFound)
	post := func(channel, text string, blocks ...slack.Block) error {
		opts := []slack.MsgOption{slack.MsgOptionText(text, false)}
		if len(blocks) > 0 {
			opts = append(opts, slack.MsgOptionBlocks(blocks...))
		}
		_, _, err := api.PostMessageContext(ctx, channel, opts...)
		return err
	}
	tests := []struct {
		name string
		err  error
		want string // "" = accepted
	}{
		{"a table where tables are not supported", post("C1", "r", section, table), ErrInvalidBlocks},
		{"the same without the table", post("C1", "r", section), ""},
		{"plain text", post("C1", "r"), ""},
		{"a private channel the bot is not in", post("CPRIVATE", "r"), ErrNotInChannel},
		{"a channel the bot cannot see", post("CGONE", "r"), ErrChannelNotFound},
		{"text over 40,000 characters", post("C1", strings.Repeat("x", 40001)), ErrMsgTooLong},
		{"an update in a refused channel", func() error {
			_, _, _, err := api.UpdateMessageContext(ctx, "CPRIVATE", "1.2", slack.MsgOptionText("x", false))
			return err
		}(), ErrNotInChannel},
		{"a table once refusals stop", func() error { stopTables(); return post("C1", "r", table) }(), ""},
	}
	for _, tt := range tests {
		var resp slack.SlackErrorResponse
		switch {
		case tt.want == "" && tt.err != nil:
			t.Errorf("%s: refused with %v", tt.name, tt.err)
		case tt.want != "" && (!errors.As(tt.err, &resp) || resp.Err != tt.want):
			t.Errorf("%s: error %v, want Slack's %s", tt.name, tt.err, tt.want)
		case tt.want == ErrInvalidBlocks && len(resp.ResponseMetadata.Messages) == 0:
			t.Errorf("%s: no response_metadata saying which block", tt.name)
		}
	}
}
