package slackbot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// PostAnalysisProgress posts the analysis' progress message, then edits the
// same message (chat.update) as the analysis reads on: one message, not one
// per batch.
func (n *Notifier) PostAnalysisProgress(ctx context.Context, p workflows.AnalysisProgress) (workflows.MessageRef, error) {
	text := bot.MarkSimulatedPost(":hourglass_flowing_sand: "+bot.AnalysisProgressText(p), p.Simulated || n.simulated)
	m := outgoing{what: "the analysis progress", text: text, blocks: []slack.Block{section("analysis_progress", escape(text))}}
	if p.Ref != nil {
		return *p.Ref, n.deliverUpdate(ctx, p.Ref.Channel, p.Ref.TS, m)
	}
	d, err := n.deliver(ctx, p.Channel, m)
	if err != nil {
		return workflows.MessageRef{}, err
	}
	return workflows.MessageRef{Channel: d.channel, TS: d.ts}, nil
}
