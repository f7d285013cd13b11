package humanize

import "time"

// Time prints t in UTC, as "15:04 UTC" when it falls on the same UTC day as
// now and with the date ("Mon 2 Jan 15:04 UTC") otherwise, so that a short
// boost reads naturally and a long one is not mistaken for today.
func Time(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04 UTC")
	}
	return t.Format("Mon 2 Jan 15:04 UTC")
}
