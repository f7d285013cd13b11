package humanize

import "time"

// Time prints t in UTC, as "15:04 UTC" when it falls on the same UTC day as
// now and with the date (Date) otherwise, so that a short boost reads
// naturally and a long one is not mistaken for today.
func Time(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04 UTC")
	}
	return Date(t)
}

// Date prints t in UTC with its day, "Thu 26 Nov 15:04 UTC", for text that
// is read long after it was written (a boost's root message, edited in
// place), where "today" would be ambiguous.
func Date(t time.Time) string {
	return t.UTC().Format("Mon 2 Jan 15:04 UTC")
}
