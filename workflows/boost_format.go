package workflows

import (
	"fmt"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// boostFormatDuration prints a duration the way people say it: "2h", "1h30m",
// "45m", "30s".
func boostFormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0s"
	}
	d = d.Round(time.Second)
	if d < time.Minute {
		return d.String()
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int((d%time.Hour)/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	default:
		return fmt.Sprintf("%dh%dm", h, m)
	}
}

// boostPlanText describes in words what the boost will do.
func boostPlanText(ns string, before, target clients.Capacity, end, now time.Time) string {
	until := "with no automatic revert (use revert to end it)"
	if !end.IsZero() {
		until = fmt.Sprintf("until %s, then back to %s", humanize.Time(end, now), before)
	}
	return fmt.Sprintf("set %s from %s to %s %s; floor %s actions/hour",
		ns, before, target, until, humanize.Count(costFloor(target)))
}
