package capacity

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// ParseClock reads "HH:MM" (24-hour), the form a schedule's start, end and
// report time take in commands, forms and stored schedules alike.
func ParseClock(s string) (hour, minute int, err error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, 0, fmt.Errorf("%q is not a 24-hour HH:MM time", s)
	}
	return t.Hour(), t.Minute(), nil
}

// DaysString names the days compactly: "weekdays", "weekends", "daily", or
// "mon,wed,fri". It is part of a schedule's ID, so the same days always spell
// the same way whatever their order or repetition.
func DaysString(days []time.Weekday) string {
	d := slices.Clone(days)
	slices.Sort(d)
	d = slices.Compact(d)
	switch {
	case len(d) == 7:
		return "daily"
	case slices.Equal(d, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}):
		return "weekdays"
	case slices.Equal(d, []time.Weekday{time.Sunday, time.Saturday}):
		return "weekends"
	}
	names := make([]string, len(d))
	for i, w := range d {
		names[i] = strings.ToLower(w.String()[:3])
	}
	return strings.Join(names, ",")
}
