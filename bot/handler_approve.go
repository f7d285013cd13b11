package bot

import (
	"context"
	"fmt"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// The two answers to a boost waiting for approval, as buttons and the
// console show them.
const (
	ApproveLabel = "Approve"
	DenyLabel    = "Deny"
)

// ApprovalCommand is the command that gives answer d to the boost of
// namespace, for adapters that offer the choice as text.
func ApprovalCommand(namespace string, d workflows.ApprovalDecision) string {
	if d == workflows.ApprovalGranted {
		return "/capacity " + string(KindApprove) + " " + namespace
	}
	return "/capacity " + string(KindDeny) + " " + namespace
}

// AnswerApproval approves or denies a boost waiting for approval; used by
// the commands and the card's Approve and Deny buttons. Only the channel is
// checked here: whether the clicker is an approver, and not the requester,
// is checked by the boost's workflow at the time of the click (its
// validator and its CheckApprover activity, which asks the Authorizer), so
// there is one check of an approver, and it sees the list as it is then.
func (h *Handler) AnswerApproval(ctx context.Context, c Caller, namespace string, d workflows.ApprovalDecision, note string) Reply {
	kind := KindDeny
	if d == workflows.ApprovalGranted {
		kind = KindApprove
	}
	return h.finish(c, string(kind), h.answer(ctx, c, namespace, d, note))
}

func (h *Handler) answer(ctx context.Context, c Caller, typed string, d workflows.ApprovalDecision, note string) result {
	if c.ChannelID != "" {
		if dn := h.o.Auth.ChannelDenial(c.ChannelID); dn != nil {
			return denied(dn)
		}
	}
	if capacity.IsScheduleID(typed) {
		return h.answerSchedule(ctx, c, typed, d, note)
	}
	ns, _, r, ok := h.running(ctx, typed)
	if !ok {
		return r
	}
	verb := ApproveLabel
	if d != workflows.ApprovalGranted {
		verb = DenyLabel
	}
	got, err := h.o.Engine.AnswerApproval(ctx, ns, d, workflows.ApprovalRequest{Approver: c.UserID, Note: note})
	if r, done := h.changeError(verb, ns, err); done {
		return r
	}
	text := fmt.Sprintf("Approved the %s of %s; it goes ahead now. Follow the thread.", nounOf(got.Request), ns)
	if d != workflows.ApprovalGranted {
		text = fmt.Sprintf("Denied the %s of %s; nothing is changed.", nounOf(got.Request), ns)
	}
	return result{reply: Reply{Text: text, Status: []workflows.BoostStatus{got}}, outcome: outcomeOK, namespace: ns}
}

// nounOf is the request's noun in running text ("boost", "change").
func nounOf(req workflows.BoostRequest) string {
	if req.Permanent {
		return "change"
	}
	return "boost"
}

// mayRequest reports whether the command may go past the booster gate as a
// request for approval: a boost, with ALLOW_BOOST_REQUESTS. Boost decides,
// with the caller's permission, whether it is one.
func (h *Handler) mayRequest(cmd Command) bool {
	return h.o.AllowBoostRequests && cmd.Kind == KindBoost
}

// changesOwnRequest reports whether the command extends or reverts the
// caller's own request in a way requestAllows lets them.
func (h *Handler) changesOwnRequest(ctx context.Context, c Caller, cmd Command) bool {
	return (cmd.Kind == KindExtend || (cmd.Kind == KindRevert && !cmd.Anyway)) && h.requestAllows(ctx, c, cmd.Namespace)
}

// approvalNote says, in a started boost's reply, that it waits for an
// approver and why; "" when it needs none. The rule is the policy's
// (workflows.Policy.ApprovalWhy), the same one the workflow applies.
func (h *Handler) approvalNote(req workflows.BoostRequest) string {
	length := req.Length
	if length == 0 && !req.End.IsZero() {
		from := req.Start
		if now := h.o.Now(); from.Before(now) {
			from = now
		}
		length = req.End.Sub(from)
	}
	if req.Permanent {
		length = -1
	}
	why := h.o.Policy.ApprovalWhy(req.TRUs, length, req.NeedsApproval)
	if why == "" {
		return ""
	}
	timeout := h.o.Policy.ApprovalTimeout
	wait := ""
	if timeout > 0 {
		wait = " for up to " + humanize.Duration(timeout)
	}
	return fmt.Sprintf("\nIt needs approval (%s) and waits%s for one of the bot's approvers; nothing changes before.", why, wait)
}

// requestAllows reports whether a caller who may not boost may still extend
// or revert the boost of typed: it is their own request (ALLOW_BOOST_REQUESTS)
// and either still waits for approval (they may call it off) or was
// approved by someone who may still approve; the may-change gate then
// checks the approver, not the requester. A booster never needs it.
func (h *Handler) requestAllows(ctx context.Context, c Caller, typed string) bool {
	if !h.o.AllowBoostRequests || typed == "" || h.o.Auth.ChangeDenial(ctx, c.UserID, "") == nil {
		return false
	}
	_, st, _, ok := h.running(ctx, typed)
	if !ok || !st.Request.NeedsApproval || st.Request.Requester != c.UserID {
		return false
	}
	switch a := st.Approval; {
	case a.Pending() && a.NewEnd.IsZero():
		return true
	case a != nil && a.Decision == workflows.ApprovalGranted:
		allowed, _ := h.o.Auth.CanApprove(ctx, a.DecidedBy)
		return allowed
	}
	return false
}
