package slackbot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
	"go.uber.org/zap"
)

// outgoing is one message the Notifier posts: its blocks and notification
// text, and what it is ("the analysis report") for the log and for the
// report of a refusal.
type outgoing struct {
	what      string
	text      string
	blocks    []slack.Block
	threadTS  string
	broadcast bool
}

// options are the chat.postMessage options; plain leaves the blocks out and
// puts their content in the text.
func (m outgoing) options(plain bool) []slack.MsgOption {
	opts := []slack.MsgOption{}
	if m.threadTS != "" {
		opts = append(opts, slack.MsgOptionTS(m.threadTS))
	}
	if m.broadcast {
		opts = append(opts, slack.MsgOptionBroadcast())
	}
	if plain {
		return append(opts, slack.MsgOptionText(m.plain(), false))
	}
	return append(opts, slack.MsgOptionText(m.text, false), slack.MsgOptionBlocks(m.blocks...))
}

// plain is the message's content as plain text: its blocks, or its
// notification text when it has none.
func (m outgoing) plain() string {
	if t := plainText(m.blocks); t != "" {
		return t
	}
	return m.text
}

// delivered says where a message landed and how.
type delivered struct {
	channel, ts string
	// plain: posted as plain text after Slack refused the blocks.
	plain bool
	// rerouted: posted to the alerts channel, because Slack refused the
	// channel it was meant for.
	rerouted bool
}

// deliver posts a message so that a refusal by Slack degrades it instead of
// losing it: refused blocks are posted again as plain text (and logged); a
// refused channel gets the content posted to the alerts channel with the fix
// (and logged). Other errors (429, network) are returned for the activity's
// retry.
func (n *Notifier) deliver(ctx context.Context, channel string, m outgoing) (delivered, error) {
	ch, ts, err := n.w.post(ctx, channel, m.options(false)...)
	if err == nil {
		return delivered{channel: ch, ts: ts}, nil
	}
	r := refusalOf(err)
	if r.kind == refusalPayload {
		n.log.Warn("Slack refused the message's blocks; posting the same content as plain text",
			zap.String("what", m.what), zap.String("channel", channel), zap.String("slack_error", r.code))
		ch, ts, err = n.w.post(ctx, channel, m.options(true)...)
		if err == nil {
			return delivered{channel: ch, ts: ts, plain: true}, nil
		}
		r = refusalOf(err)
	}
	if r.kind == refusalChannel {
		return n.reroute(ctx, channel, m, r)
	}
	return delivered{}, fmt.Errorf("posting %s to %s: %w", m.what, channel, err)
}

// deliverUpdate edits a message in place; refused blocks are replaced by
// the same content as plain text, and a refused channel is reported like a
// refused post.
func (n *Notifier) deliverUpdate(ctx context.Context, channel, ts string, m outgoing) error {
	err := n.w.update(ctx, channel, ts, slack.MsgOptionText(m.text, false), slack.MsgOptionBlocks(m.blocks...))
	if err == nil {
		return nil
	}
	r := refusalOf(err)
	if r.kind == refusalPayload {
		n.log.Warn("Slack refused the message's blocks; updating it with the same content as plain text",
			zap.String("what", m.what), zap.String("channel", channel), zap.String("slack_error", r.code))
		// No blocks clears the refused ones; the text carries the content.
		err = n.w.update(ctx, channel, ts, slack.MsgOptionText(m.plain(), false), slack.MsgOptionBlocks())
		if err == nil {
			return nil
		}
		r = refusalOf(err)
	}
	if r.kind == refusalChannel {
		_, err := n.reroute(ctx, channel, m, r)
		return err
	}
	return fmt.Errorf("updating %s in %s: %w", m.what, channel, err)
}

// reroute posts a message Slack would not take in channel to the alerts
// channel, as plain text saying where it was meant to go and the fix. When
// there is no other channel to go to, the content is logged with the fix
// and an error returned.
func (n *Notifier) reroute(ctx context.Context, channel string, m outgoing, r refusal) (delivered, error) {
	log := n.log.With(zap.String("what", m.what), zap.String("channel", channel), zap.String("slack_error", r.code), zap.String("fix", r.fix))
	if n.alertChannel == "" || n.alertChannel == channel {
		log.Error("Slack refused the channel and there is no other channel to post to; the message follows", zap.String("content", m.plain()))
		return delivered{}, fmt.Errorf("posting %s to %s: Slack refused the channel (%s): %s", m.what, channel, r.code, r.fix)
	}
	text := fmt.Sprintf(":warning: Capacity Bot could not post %s to <#%s> (Slack said %s): %s. Here it is:\n\n%s",
		m.what, channel, r.code, r.fix, m.plain())
	ch, ts, err := n.w.post(ctx, n.alertChannel, slack.MsgOptionText(text, false))
	if err != nil {
		log.Error("Slack refused the channel, and the alerts channel too; the message follows", zap.String("content", m.plain()), zap.Error(err))
		return delivered{}, fmt.Errorf("posting %s to %s (refused: %s), then to the alerts channel %s: %w", m.what, channel, r.code, n.alertChannel, err)
	}
	log.Warn("Slack refused the channel; posted the message to the alerts channel instead", zap.String("alert_channel", n.alertChannel))
	return delivered{channel: ch, ts: ts, plain: true, rerouted: true}, nil
}
