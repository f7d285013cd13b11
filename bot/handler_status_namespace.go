package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// namespaceStatus answers `status <ns>` when no boost of it runs: "no boost"
// alone would leave the asker to look elsewhere for what they came to know,
// the namespace's capacity now and how its last boost ended.
func (h *Handler) namespaceStatus(ctx context.Context, typed string) result {
	all, err := h.o.Cloud.ListNamespaces(ctx)
	if err != nil {
		return failed("Could not list the namespaces: "+err.Error(), fmt.Errorf("listing namespaces: %w", err))
	}
	ns, err := resolveNamespace(typed, all, h.o.Policy.Filter.Allowed)
	if err != nil {
		r := refused(outcomeRefused, upperFirst(err.Error())+".")
		r.namespace = typed
		return r
	}
	lines := []string{"No boost is running for " + ns + "."}
	if c, err := h.o.Cloud.GetCapacity(ctx, ns); err != nil {
		h.o.Logger.Warn("reading capacity for status", zap.String("namespace", ns), zap.Error(err))
		lines = append(lines, "Its capacity could not be read just now: "+humanize.Clip(err.Error(), 200)+".")
	} else {
		lines = append(lines, h.capacityNowLines(c)...)
	}
	last, err := h.o.Engine.LastBoost(ctx, ns)
	switch {
	case errors.Is(err, ErrNoBoost):
		lines = append(lines, "No earlier boost of it is on record.")
	case err != nil:
		h.o.Logger.Warn("reading the last boost for status", zap.String("namespace", ns), zap.Error(err))
		lines = append(lines, "Its last boost could not be read just now.")
	default:
		lines = append(lines, "Last boost: "+h.lastBoostLine(last))
	}
	return result{reply: Reply{Text: strings.Join(lines, "\n")}, outcome: outcomeOK, namespace: ns}
}

// capacityNowLines says a namespace's capacity now: its mode and TRUs, its
// actions-per-second limit when known, and a change in progress or failed.
func (h *Handler) capacityNowLines(c clients.NamespaceCapacity) []string {
	now := h.o.Now()
	line := "Capacity now: " + c.Current.String()
	if c.APSLimit > 0 {
		line += ", limit " + humanize.Count(c.APSLimit) + " actions per second"
	}
	out := []string{line + "."}
	if r := c.LatestRequest; r != nil {
		since := ""
		if !r.StartTime.IsZero() {
			since = " (requested " + humanize.Time(r.StartTime, now) + ")"
		}
		switch r.State {
		case clients.RequestInProgress:
			out = append(out, "A change to "+r.Target.String()+" is in progress"+since+"; a boost would be refused until it ends.")
		case clients.RequestFailed:
			out = append(out, "The last change, to "+r.Target.String()+since+", failed.")
		}
	}
	return out
}

// lastBoostLine is a boost's state followed, once it has ended, by when and
// why it ended, how long it lasted and where it left the namespace, in the
// words of the final root message (EndWords, Lasted, Outcome).
func (h *Handler) lastBoostLine(st workflows.BoostStatus) string {
	line := h.statusLine(st)
	if !st.Phase.Final() {
		return line
	}
	var ended []string
	if !st.EndedAt.IsZero() {
		ended = append(ended, "ended "+humanize.Date(st.EndedAt))
	}
	if w := EndWords(st); w != "" {
		ended = append(ended, w)
	}
	if l := Lasted(st); l != "" {
		ended = append(ended, "lasted "+l)
	}
	if o := Outcome(st); o != "" {
		ended = append(ended, o)
	}
	if len(ended) == 0 {
		return line
	}
	return line + "; " + strings.Join(ended, ", ") + "."
}
