package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// Extend moves a running boost's end d later; used by the command and the
// thread's Extend button (the clicker is checked, not the message author).
func (h *Handler) Extend(ctx context.Context, c Caller, namespace string, d time.Duration) Reply {
	return h.finish(c, string(KindExtend), h.guardedFor(ctx, c, namespace, func() result { return h.extend(ctx, c, namespace, d) }))
}

// Revert ends a running boost now; used by the command and the thread's
// Revert button.
func (h *Handler) Revert(ctx context.Context, c Caller, namespace string) Reply {
	return h.finish(c, string(KindRevert), h.guardedFor(ctx, c, namespace, func() result { return h.revert(ctx, c, namespace) }))
}

// guardedFor is guarded for a change of the boost of namespace, which a
// caller who may not boost may still make to their own approved request
// (requestAllows).
func (h *Handler) guardedFor(ctx context.Context, c Caller, namespace string, f func() result) result {
	if h.requestAllows(ctx, c, namespace) {
		if c.ChannelID != "" {
			if d := h.o.Auth.ChannelDenial(c.ChannelID); d != nil {
				return denied(d)
			}
		}
		return f()
	}
	return h.guarded(ctx, c, namespace, f)
}

// guarded checks the channel (when the caller has one) and the caller's right
// to change the namespace before running f; Handle does the same for commands.
func (h *Handler) guarded(ctx context.Context, c Caller, namespace string, f func() result) result {
	if c.ChannelID != "" {
		if d := h.o.Auth.ChannelDenial(c.ChannelID); d != nil {
			return denied(d)
		}
	}
	if d := h.o.Auth.ChangeDenial(ctx, c.UserID, namespace); d != nil {
		return denied(d)
	}
	return f()
}

func (h *Handler) extend(ctx context.Context, c Caller, typed string, d time.Duration) result {
	if d < minDuration {
		return refused(outcomeRefused, fmt.Sprintf("Extend by at least 1m, not %s.", formatDuration(d)))
	}
	ns, st, r, ok := h.running(ctx, typed)
	if !ok {
		return r
	}
	now := h.o.Now()
	base := st.End
	if base.IsZero() || base.Before(now) {
		base = now
	}
	newEnd := base.Add(d)
	if refusal := workflows.CheckBoostLength(st.StartedAt, newEnd, h.o.Policy.MaxDuration); !st.StartedAt.IsZero() && refusal != nil {
		r := refused(outcomeRefused, "Extend refused: "+refusal.Message)
		r.namespace, r.settings = ns, refusal.Settings
		return r
	}
	got, err := h.o.Engine.Extend(ctx, ns, workflows.ExtendRequest{NewEnd: newEnd, Requester: c.UserID})
	if r, done := h.changeError("Extend", ns, err); done {
		return r
	}
	end := got.End
	if end.IsZero() {
		end = newEnd
	}
	text := fmt.Sprintf("The boost of %s now ends at %s.", ns, humanize.Time(end, now))
	if a := got.Approval; a.Pending() && !a.NewEnd.IsZero() {
		text = fmt.Sprintf("Extending the boost of %s to %s needs approval (%s); until an approver answers it still ends at %s.",
			ns, humanize.Time(a.NewEnd, now), a.Why, humanize.Time(end, now))
	}
	return result{reply: Reply{Text: text, Status: []workflows.BoostStatus{got}}, outcome: outcomeOK, namespace: ns}
}

func (h *Handler) revert(ctx context.Context, c Caller, typed string) result {
	ns, st, r, ok := h.running(ctx, typed)
	if !ok {
		return r
	}
	got, err := h.o.Engine.RevertNow(ctx, ns, workflows.RevertRequest{Requester: c.UserID})
	if r, done := h.changeError("Revert", ns, err); done {
		return r
	}
	before := got.Before
	if before.Mode == "" {
		before = st.Before
	}
	return result{reply: Reply{Text: fmt.Sprintf("Reverting %s to %s now; follow the thread.", ns, before), Status: []workflows.BoostStatus{got}},
		outcome: outcomeOK, namespace: ns}
}

// running finds the running boost for what the person typed: the namespace
// ID, or a bare name when exactly one running boost has it.
func (h *Handler) running(ctx context.Context, typed string) (string, workflows.BoostStatus, result, bool) {
	st, err := h.o.Engine.BoostStatus(ctx, typed)
	if err == nil {
		return typed, st, result{}, true
	}
	if !errors.Is(err, ErrNoBoost) {
		return "", st, failed("Could not read the boost of "+typed+": "+err.Error(), fmt.Errorf("querying boost of %s: %w", typed, err)), false
	}
	if !strings.Contains(typed, ".") {
		if active, aerr := h.o.Engine.ActiveBoosts(ctx); aerr == nil {
			var match []workflows.BoostStatus
			for _, a := range active {
				if capacity.BareName(a.Request.Namespace) == typed {
					match = append(match, a)
				}
			}
			if len(match) == 1 {
				return match[0].Request.Namespace, match[0], result{}, true
			}
		}
	}
	r := refused(outcomeRefused, fmt.Sprintf("No boost is running for %s. `/capacity status` lists the running boosts.", typed))
	r.namespace = typed
	return "", st, r, false
}

// changeError turns an Extend or RevertNow failure into a reply; done is
// false when there was none.
func (h *Handler) changeError(verb, ns string, err error) (result, bool) {
	if err == nil {
		return result{}, false
	}
	var rej *UpdateRejectedError
	var r result
	switch {
	case errors.As(err, &rej):
		r = refused(outcomeRefused, fmt.Sprintf("%s refused: %s", verb, rej.Message))
	case errors.Is(err, ErrNoBoost):
		r = refused(outcomeRefused, fmt.Sprintf("No boost is running for %s any more.", ns))
	default:
		r = failed(fmt.Sprintf("%s of %s failed: %v", verb, ns, err), fmt.Errorf("%s of %s: %w", strings.ToLower(verb), ns, err))
	}
	r.namespace = ns
	return r, true
}
