package workflows

import (
	"fmt"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// boostPlanText describes in words what the boost (or permanent change)
// will do.
func boostPlanText(ns string, before, target clients.Capacity, end, now time.Time, permanent bool) string {
	until := "with no automatic revert (use revert to end it)"
	switch {
	case permanent:
		until = "as a permanent change (nothing reverts it)"
	case !end.IsZero():
		until = fmt.Sprintf("until %s, then back to %s", humanize.Time(end, now), before)
	}
	floor := "no floor"
	if f := costFloor(target); f > 0 {
		floor = "floor " + capacity.FormatFloor(f, 0)
	}
	return fmt.Sprintf("set %s from %s to %s %s; %s", ns, before, target, until, floor)
}
