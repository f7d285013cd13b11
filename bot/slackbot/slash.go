package slackbot

import (
	"context"
	"errors"

	"github.com/slack-go/slack"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
)

// handleSlash runs a /capacity command after its ack and replies: the modal
// when asked for (first, while the trigger is fresh), else the text, in the
// channel or only to the caller.
func (b *Bot) handleSlash(ctx context.Context, log *zap.Logger, cmd slack.SlashCommand, envelopeID string) {
	key := cmd.TriggerID
	if key == "" {
		key = envelopeID
	}
	caller := bot.Caller{UserID: cmd.UserID, UserName: cmd.UserName, ChannelID: cmd.ChannelID, RequestKey: key}
	log = log.With(zap.String("user", cmd.UserID), zap.String("channel", cmd.ChannelID))
	reply := b.o.Handler.Handle(ctx, caller, cmd.Text)
	if reply.OpenModal {
		err := b.w.openView(ctx, cmd.TriggerID, BoostModal(cmd.ChannelID, nil, b.modalOptions()))
		if err == nil {
			return // the form is the answer
		}
		log.Error("opening the boost modal", zap.Error(err))
		reply = b.own("Sorry, the boost form could not be opened (" + err.Error() +
			"). You can also type `/capacity boost <namespace> <trus> for <duration> [reason]`.")
	}
	if reply.OpenScheduleModal {
		err := b.w.openView(ctx, cmd.TriggerID, ScheduleModal(cmd.ChannelID, b.modalOptions()))
		if err == nil {
			return
		}
		log.Error("opening the schedule form", zap.Error(err))
		// reply.Text is the handler's one-line form, already marked.
		reply.Text += "\n(The form could not be opened: " + err.Error() + ".)"
		reply.Refused, reply.OpenScheduleModal = true, false
	}
	if reply.Text == "" && len(reply.Status) == 0 {
		return
	}
	ch, ts := b.reply(ctx, log, caller, reply, cmd.ResponseURL)
	if reply.Kind == bot.ReplyHistory && reply.History != nil && ts != "" {
		if err := b.w.uploadCSV(ctx, ch, ts, historyCSVFile(*reply.History)); err != nil {
			log.Error("uploading the history CSV", zap.Error(err))
		}
	}
}

// reply shows a command's answer: in the channel when the reply is for
// everyone, else ephemerally to the caller. When Slack refuses (the bot is not
// in a private channel or DM), the command's response_url is used instead.
// It returns the channel and ts of a message posted in the channel, so a
// file can follow in its thread; "" otherwise.
func (b *Bot) reply(ctx context.Context, log *zap.Logger, c bot.Caller, r bot.Reply, responseURL string) (channel, ts string) {
	text := safeText(r.Text)
	blocks := ReplyBlocks(r)
	if r.Kind == bot.ReplyHelp {
		blocks = HelpBlocks(r.Simulated)
	}
	opts := []slack.MsgOption{slack.MsgOptionText(text, false), slack.MsgOptionBlocks(blocks...)}
	var err error
	if r.InChannel {
		channel, ts, err = b.w.post(ctx, c.ChannelID, opts...)
	} else {
		err = b.w.ephemeral(ctx, c.ChannelID, c.UserID, opts...)
	}
	if err == nil {
		return channel, ts
	}
	if responseURL != "" {
		kind := slack.ResponseTypeEphemeral
		if r.InChannel {
			kind = slack.ResponseTypeInChannel
		}
		rerr := b.w.respond(ctx, responseURL, kind, opts...)
		if rerr == nil {
			log.Info("replied through response_url", zap.NamedError("post_error", err))
			return "", ""
		}
		err = errors.Join(err, rerr)
	}
	log.Error("replying to a command", zap.Bool("in_channel", r.InChannel), zap.Error(err))
	return "", ""
}

// own is a refusal the adapter writes itself (the handler marks its own
// replies), marked when the account is simulated.
func (b *Bot) own(text string) bot.Reply {
	return bot.Reply{Refused: true, Text: bot.MarkSimulated(text, b.o.Simulated), Simulated: b.o.Simulated}
}

// tell sends one ephemeral line the adapter wrote itself to a user, marked
// when the account is simulated.
func (b *Bot) tell(ctx context.Context, log *zap.Logger, channel, user, text string) {
	b.tellReply(ctx, log, channel, user, bot.Reply{Text: bot.MarkSimulated(text, b.o.Simulated)})
}

// tellReply sends a handler's reply, already marked, as one ephemeral line.
func (b *Bot) tellReply(ctx context.Context, log *zap.Logger, channel, user string, r bot.Reply) {
	if err := b.w.ephemeral(ctx, channel, user, slack.MsgOptionText(r.Text, false)); err != nil {
		log.Error("posting an ephemeral reply", zap.String("channel", channel), zap.Error(err))
	}
}
