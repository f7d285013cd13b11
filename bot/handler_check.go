package bot

import (
	"context"
	"strings"

	"github.com/capacitybot/capacitybot/internal/check"
)

// Checker runs `capacitybot check`'s checks over the bot's own connections.
type Checker interface {
	Run(ctx context.Context) check.Report
}

// checkHeading heads the report; the reply's simulated marker goes before it.
const checkHeading = "Checks (nothing was changed):"

func (h *Handler) check(ctx context.Context) result {
	if h.o.Checks == nil {
		return refused(outcomeRefused, "Checks are not available in this process; run `capacitybot check` on the bot's machine.")
	}
	report := h.o.Checks.Run(ctx)
	lines := append([]string{checkHeading}, report.Lines(SimulatedMarker)...)
	outcome := outcomeOK
	if report.Failed() {
		outcome = outcomeError
	}
	return result{reply: Reply{Text: strings.Join(lines, "\n"), Kind: ReplyCheck}, outcome: outcome}
}
