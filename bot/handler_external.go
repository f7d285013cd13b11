package bot

import (
	"context"
	"fmt"

	"github.com/capacitybot/capacitybot/workflows"
)

// The two answers to a boost that found its capacity changed outside the
// bot, as buttons and the console show them.
const (
	RevertAnywayLabel = "Revert anyway"
	LeaveAsIsLabel    = "Leave as is"
)

// DecisionCommand is the command that gives decision d about the boost of
// namespace, for adapters that offer the choice as text.
func DecisionCommand(namespace string, d workflows.ExternalDecision) string {
	if d == workflows.DecisionRevertAnyway {
		return "/capacity revert " + namespace + " anyway"
	}
	return "/capacity leave " + namespace
}

// DecideExternalChange answers a boost that found its capacity changed
// outside the bot; used by the commands and the Revert anyway and Leave as
// is buttons (the clicker is checked, not the message author).
func (h *Handler) DecideExternalChange(ctx context.Context, c Caller, namespace string, d workflows.ExternalDecision) Reply {
	kind := KindLeave
	if d == workflows.DecisionRevertAnyway {
		kind = KindRevert
	}
	return h.finish(c, string(kind), h.guarded(ctx, c, namespace, func() result { return h.decide(ctx, c, namespace, d) }))
}

func (h *Handler) decide(ctx context.Context, c Caller, typed string, d workflows.ExternalDecision) result {
	ns, _, r, ok := h.running(ctx, typed)
	if !ok {
		return r
	}
	verb := "Leave as is"
	if d == workflows.DecisionRevertAnyway {
		verb = "Revert anyway"
	}
	got, err := h.o.Engine.DecideExternalChange(ctx, ns, workflows.ExternalChangeRequest{Decision: d, Requester: c.UserID})
	if r, done := h.changeError(verb, ns, err); done {
		return r
	}
	text := fmt.Sprintf("Leaving %s as it was changed outside the bot; the boost ends without reverting it.", ns)
	if d == workflows.DecisionRevertAnyway {
		text = fmt.Sprintf("Reverting %s to %s anyway; follow the thread.", ns, got.Before)
	}
	return result{reply: Reply{Text: text, Status: []workflows.BoostStatus{got}}, outcome: outcomeOK, namespace: ns}
}
