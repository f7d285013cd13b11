package workflows

import (
	"fmt"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// boostPlanText describes in words what the boost will do.
func boostPlanText(ns string, before, target clients.Capacity, end, now time.Time) string {
	until := "with no automatic revert (use revert to end it)"
	if !end.IsZero() {
		until = fmt.Sprintf("until %s, then back to %s", humanize.Time(end, now), before)
	}
	return fmt.Sprintf("set %s from %s to %s %s; floor %s",
		ns, before, target, until, capacity.FormatFloor(costFloor(target), 0))
}
