package console

import (
	"fmt"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// renderWatchAlert renders a throttling incident for the alerts channel. The
// console has no buttons: an opened incident ends with the boost command to
// type instead.
func renderWatchAlert(a workflows.WatchAlert) string {
	var b strings.Builder
	b.WriteString("[ALERT #alerts] ")
	b.WriteString(bot.SimulatedMarker(a.Simulated))
	usage := fmt.Sprintf("%s of its limit (%s / %s APS)", humanize.Percent(a.Share), humanize.Number(a.APS), humanize.Number(a.APSLimit))
	if a.Kind == workflows.WatchCleared {
		fmt.Fprintf(&b, "✓ %s: throttling incident cleared after %s · now %s", a.Namespace,
			a.At.Sub(a.OpenedAt).Round(time.Minute), usage)
		return b.String()
	}
	what := "above " + humanize.Percent(a.Threshold) + " of its limit"
	if a.ThrottledPerSec > 0 {
		what = fmt.Sprintf("throttled (%s actions/s refused)", humanize.Number(a.ThrottledPerSec))
	}
	fmt.Fprintf(&b, "⚠ %s is %s · %s", a.Namespace, what, usage)
	if a.Sensitive {
		b.WriteString(" · sensitive namespace")
	}
	if a.SuggestedTRUs > 0 {
		fmt.Fprintf(&b, "\n  Suggested: %s — boost with: /capacity boost %s %s for 2h", capacity.FormatTRUs(a.SuggestedTRUs),
			a.Namespace, humanize.Number(a.SuggestedTRUs))
	}
	if a.SuggestionNote != "" {
		b.WriteString("\n  " + a.SuggestionNote)
	}
	return b.String()
}
