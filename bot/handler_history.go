package bot

import (
	"context"
)

// HistoryEngine lists boost runs from Temporal visibility; TemporalEngine
// implements it.
type HistoryEngine interface {
	History(ctx context.Context, q HistoryQuery) (HistoryList, error)
}

// history answers /capacity history: every boost and permanent change of
// the matching namespaces since then, read from the runs themselves, with
// their TRU-hours, cost floor and money. Read-only, so open to everyone in
// an allowed channel, like analysis; posted in the channel, as a record.
func (h *Handler) history(ctx context.Context, cmd Command) result {
	if h.o.History == nil {
		return refused(outcomeRefused, "History is not available in this process.")
	}
	q := HistoryQuery{Since: h.o.Now().Add(-cmd.Since)}
	if len(cmd.Globs) > 0 {
		q.Glob = cmd.Globs[0]
	}
	list, err := h.o.History.History(ctx, q)
	if err != nil {
		return failed("The history could not be read from Temporal: "+err.Error(), err)
	}
	report := NewHistoryReport(list, q, h.o.Now(), h.o.Policy.ActionPricePerMillion)
	report.Simulated = h.o.Simulated
	return result{reply: Reply{Text: HistoryText(report), Kind: ReplyHistory, History: &report, InChannel: true}, outcome: outcomeOK}
}
