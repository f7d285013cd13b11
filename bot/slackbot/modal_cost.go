package slackbot

import (
	"context"
	"math"
	"slices"
	"time"

	"github.com/slack-go/slack"
	"go.uber.org/zap"
)

// formChanged follows a change of the boost form's TRUs, start or end with
// its cost floor: the same view, its cost block rewritten, so every input
// keeps its value (Slack keeps the values of inputs whose block and action
// IDs are unchanged by views.update).
func (b *Bot) formChanged(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback) {
	if cb.View.ID == "" || cb.View.CallbackID != CallbackBoostModal {
		return
	}
	if !slices.ContainsFunc(cb.View.Blocks.BlockSet, func(x slack.Block) bool { return x.ID() == BlockTRUs }) {
		return // no TRUs to pick yet (or none valid): no cost to tell
	}
	trus, window := formCost(cb.View, b.o.Now())
	v := withBlock(cb.View, costBlock(trus, window, b.o.Policy.ActionPricePerMillion), BlockEndAt)
	if err := b.w.updateView(ctx, v, cb.View.Hash, cb.View.ID); err != nil {
		// hash_conflict means a newer change already updated the form.
		log.Warn("updating the boost modal's cost", zap.Error(err))
	}
}

// formCost reads the TRUs and the boost's length from the form as it is
// now (trus 0: none picked, -Inf: on-demand; window 0: a permanent change); its errors are the
// submission's to tell.
func formCost(view slack.View, now time.Time) (trus float64, window time.Duration) {
	req, _ := DecodeBoostSubmission(view, now)
	if req.OnDemand {
		return math.Inf(-1), 0
	}
	if req.End.IsZero() {
		return req.TRUs, 0
	}
	start := req.Start
	if start.IsZero() || start.Before(now) {
		start = now
	}
	return req.TRUs, max(req.End.Sub(start), 0)
}

// withBlock is the view as a request to update it, with blk in place of the
// block of the same ID, or after the block after when there is none.
func withBlock(view slack.View, blk slack.Block, after string) slack.ModalViewRequest {
	blocks := slices.Clone(view.Blocks.BlockSet)
	id := blk.ID()
	if i := slices.IndexFunc(blocks, func(x slack.Block) bool { return x.ID() == id }); i >= 0 {
		blocks[i] = blk
	} else {
		i := slices.IndexFunc(blocks, func(x slack.Block) bool { return x.ID() == after })
		blocks = slices.Insert(blocks, i+1, blk)
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      view.CallbackID,
		Title:           view.Title,
		Submit:          view.Submit,
		Close:           view.Close,
		PrivateMetadata: view.PrivateMetadata,
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}
