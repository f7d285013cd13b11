package slackbot

import (
	"context"
	"fmt"
	"strconv"

	"github.com/slack-go/slack"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// applyClick handles a report row's Apply button: after the same check of
// the clicker as Extend and Revert (the report is seen by everyone), it
// opens the boost form filled in with the row's recommendation as a
// permanent change, the report's reason, and the report to mark when done.
func (b *Bot) applyClick(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback, a *slack.BlockAction) {
	channel := clickChannel(cb)
	v, ok := decodeClick(ctx, b, log, cb, a.Value, decodeApply, "Apply", "/capacity set")
	if !ok {
		return
	}
	details, ok := b.formClick(ctx, log.With(zap.String("action", a.ActionID), zap.String("namespace", v.Namespace)),
		cb, v.Namespace, "change capacity", "Apply button refused")
	if !ok {
		return
	}
	if v.Capacity == truOnDemand {
		details.SuggestedOnDemand = true
	} else if n, err := strconv.ParseFloat(v.Capacity, 64); err == nil {
		details.SuggestedTRUs = n
	}
	p := ModalPrefill{Permanent: true, Reason: bot.ReportReason(v.generated())}
	if ts := reportTS(cb); channel != "" && ts != "" {
		p.Report = &workflows.MessageRef{Channel: channel, TS: ts}
	}
	if err := b.w.openView(ctx, cb.TriggerID, PrefilledModal(channel, &details, p, b.modalOptions())); err != nil {
		log.Error("opening the boost form from a report's Apply", zap.Error(err))
		b.tell(ctx, log, channel, cb.User.ID, fmt.Sprintf("Sorry, the form could not be opened. You can type `/capacity set %s %s`.",
			v.Namespace, v.Capacity))
	}
}

// reportTS is the ts of the message whose button was clicked.
func reportTS(cb slack.InteractionCallback) string {
	if cb.Container.MessageTs != "" {
		return cb.Container.MessageTs
	}
	return cb.Message.Timestamp
}
