package bot

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

func (h *Handler) status(ctx context.Context, cmd Command) result {
	if cmd.Namespace != "" {
		ns, st, r, ok := h.running(ctx, cmd.Namespace)
		if !ok {
			if r.reply.Refused { // "no boost" is an answer, not a refusal
				return h.namespaceStatus(ctx, cmd.Namespace)
			}
			return r
		}
		return result{reply: Reply{Text: h.statusLine(st), Status: []workflows.BoostStatus{st}}, outcome: outcomeOK, namespace: ns}
	}
	all, err := h.o.Engine.ActiveBoosts(ctx)
	if err != nil {
		return failed("Could not list the running boosts: "+err.Error(), fmt.Errorf("listing boosts: %w", err))
	}
	if len(all) == 0 {
		return result{reply: Reply{Text: "No boosts are running."}, outcome: outcomeOK}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Request.Namespace < all[j].Request.Namespace })
	lines := make([]string, 0, len(all)+1)
	lines = append(lines, fmt.Sprintf("%d %s running:", len(all), humanize.Plural(len(all), "boost", "boosts")))
	for _, st := range all {
		lines = append(lines, "• "+h.statusLine(st))
	}
	return result{reply: Reply{Text: strings.Join(lines, "\n"), Status: all}, outcome: outcomeOK}
}

// statusLine is one boost's state in a sentence.
func (h *Handler) statusLine(st workflows.BoostStatus) string {
	now := h.o.Now()
	req := st.Request
	target := st.Target
	if target.Mode == "" {
		target = req.Target()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", req.Namespace, target)
	if st.Before.Mode != "" {
		fmt.Fprintf(&b, " (from %s)", st.Before)
	}
	if st.Phase == workflows.PhaseAwaitingApproval {
		b.WriteString(" — " + PhaseWords(st)) // since when, by whom
	} else {
		b.WriteString(" — " + string(st.Phase))
	}
	end := st.End
	if end.IsZero() {
		end = req.End
	}
	switch {
	case st.Phase.Final():
	case end.IsZero():
		b.WriteString(", no automatic revert")
	default:
		b.WriteString(" until " + humanize.Time(end, now))
	}
	if st.DryRun {
		b.WriteString(" [dry run]")
	}
	if req.Requester != "" {
		b.WriteString(", by <@" + req.Requester + ">")
	}
	if req.Reason != "" {
		b.WriteString(": " + req.Reason)
	}
	if st.Error != "" {
		b.WriteString(" (error: " + st.Error + ")")
	}
	return b.String()
}
