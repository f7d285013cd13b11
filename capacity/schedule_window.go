package capacity

import (
	"fmt"
	"time"
	// Time zone data is embedded so that schedules' zones resolve in a
	// static binary with no zoneinfo on the machine.
	_ "time/tzdata"
)

// ScheduledWindow is the boost window of the run of a recurring boost that
// fired at fired: it starts at the window's start on the local day of fired
// (in the schedule's zone) and ends at its end that day, or the next day for
// an overnight window. Both are computed with the zone's rules for that day,
// so across a daylight-saving change the local times hold and the UTC times
// move (an 22:00-06:00 window spanning the change lasts 7 or 9 hours).
func ScheduledWindow(fired time.Time, start, end, zone string) (from, to time.Time, err error) {
	loc, err := time.LoadLocation(ZoneName(zone))
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("unknown time zone %q: %w", zone, err)
	}
	sh, sm, err := ParseClock(start)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	eh, em, err := ParseClock(end)
	if err != nil {
		return time.Time{}, time.Time{}, err
	}
	local := fired.In(loc)
	y, m, d := local.Date()
	// A run that fires shortly after midnight for an overnight window that
	// started the day before (a late run) belongs to yesterday's window.
	from = time.Date(y, m, d, sh, sm, 0, 0, loc)
	if from.After(local) && (eh*60+em <= sh*60+sm) {
		from = time.Date(y, m, d-1, sh, sm, 0, 0, loc)
		y, m, d = from.Date()
	}
	to = time.Date(y, m, d, eh, em, 0, 0, loc)
	if !to.After(from) {
		to = time.Date(y, m, d+1, eh, em, 0, 0, loc)
	}
	return from.UTC(), to.UTC(), nil
}

// ZoneName is the zone a schedule's times are in: its IANA name, or "UTC"
// when none was given.
func ZoneName(zone string) string {
	if zone == "" {
		return "UTC"
	}
	return zone
}
