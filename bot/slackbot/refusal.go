package slackbot

import (
	"errors"

	"github.com/slack-go/slack"
)

// refusalKind is what a Slack error code says about a message the bot sent,
// and so what the bot does next.
type refusalKind int8

const (
	// refusalNone: not a refusal of this message (a 429, a network error,
	// an unknown code); the error is returned and the caller may retry.
	refusalNone refusalKind = iota
	// refusalPayload: Slack will not take this payload; the same content
	// is posted again as plain text.
	refusalPayload
	// refusalChannel: the bot cannot post in this channel; the content is
	// posted to the alerts channel with the fix, and logged.
	refusalChannel
)

// refusal is one row of the table: the kind, and for a channel refusal the
// fix a person must make, in words.
type refusal struct {
	code string
	kind refusalKind
	fix  string
}

// refusalOf classifies a Slack Web API error by its typed error code
// (slack.SlackErrorResponse.Err). It is the one table of Slack refusals:
// behaviour is never chosen by comparing an error's message elsewhere.
//
// Scopes: chat:write.public lets the bot post to public channels without
// joining, so not_in_channel comes from private channels, which
// conversations.join cannot enter; the bot therefore reports instead of
// joining and asks for no channels:join scope.
func refusalOf(err error) refusal {
	var resp slack.SlackErrorResponse
	if !errors.As(err, &resp) {
		return refusal{kind: refusalNone}
	}
	r := refusal{code: resp.Err}
	switch resp.Err {
	case "invalid_blocks", // a block Slack cannot read, or a type the workspace does not support
		"invalid_blocks_format", // blocks that are not a valid JSON array of blocks
		"msg_too_long",          // the text is over Slack's length limit
		"msg_blocks_too_long":   // the blocks are over Slack's length limit
		r.kind = refusalPayload
	case "not_in_channel":
		r.kind, r.fix = refusalChannel, "invite the bot to that channel (`/invite @Capacity Bot`)"
	case "channel_not_found":
		r.kind, r.fix = refusalChannel, "check the channel ID, and invite the bot if the channel is private"
	case "is_archived":
		r.kind, r.fix = refusalChannel, "unarchive the channel or choose another one"
	default:
		r.kind = refusalNone
	}
	return r
}
