package workflows

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// actionsPerHourPerExtraTRU is the hourly minimum-actions charge of each TRU
// beyond the first (500 APS × 3600 s × 20%), per the Temporal Cloud pricing
// page; it is what a boost costs even when idle.
const actionsPerHourPerExtraTRU = 360_000

// boostCostFloor is the minimum actions per hour a capacity setting is billed
// for: zero on-demand, (TRUs-1)×360,000 provisioned. It is private and named
// apart from the analysis' MinActionsPerHour so the two halves of the package
// can be written independently; both follow the same pricing fact.
func boostCostFloor(c clients.Capacity) float64 {
	if c.Mode != clients.ModeProvisioned || c.TRUs <= 1 {
		return 0
	}
	return (c.TRUs - 1) * actionsPerHourPerExtraTRU
}

// boostFormatCount prints a whole number with thousands separators.
func boostFormatCount(n float64) string {
	s := strconv.FormatInt(int64(math.Round(math.Abs(n))), 10)
	var b strings.Builder
	if n < 0 {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// boostFormatTime prints a time in UTC, with the date only when it is not the
// same day as now, so short boosts read naturally ("15:04 UTC").
func boostFormatTime(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return t.Format("15:04 UTC")
	}
	return t.Format("Mon 2 Jan 15:04 UTC")
}

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
		until = fmt.Sprintf("until %s, then back to %s", boostFormatTime(end, now), before)
	}
	return fmt.Sprintf("set %s from %s to %s %s; floor %s actions/hour",
		ns, before, target, until, boostFormatCount(boostCostFloor(target)))
}
