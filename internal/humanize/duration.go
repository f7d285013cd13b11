package humanize

import (
	"strconv"
	"strings"
	"time"
)

// Duration prints a duration the way people say it: rounded to the minute
// in days, hours and minutes ("2h", "1h30m", "1d2h"), the units a boost is
// asked for in, and in seconds below a minute ("45s"), so a short wait or
// failure is not shown as "0m"; "0s" for zero or negative. Callers that must
// show a negative duration as such check for it first.
func Duration(d time.Duration) string {
	d = d.Round(time.Second)
	if d <= 0 {
		return "0s"
	}
	if d < time.Minute {
		return strconv.Itoa(int(d/time.Second)) + "s"
	}
	d = d.Round(time.Minute)
	var b strings.Builder
	if days := d / (24 * time.Hour); days > 0 {
		b.WriteString(strconv.Itoa(int(days)) + "d")
		d -= days * 24 * time.Hour
	}
	if h := d / time.Hour; h > 0 {
		b.WriteString(strconv.Itoa(int(h)) + "h")
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		b.WriteString(strconv.Itoa(int(m)) + "m")
	}
	return b.String()
}
