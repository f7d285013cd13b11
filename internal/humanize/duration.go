package humanize

import (
	"strconv"
	"strings"
	"time"
)

// Duration prints a duration rounded to the minute in days, hours and
// minutes ("2h", "1h30m", "1d2h"), the units a boost is asked for in; "0m"
// for anything that rounds to no whole minute, zero or negative. Callers
// that must show a negative duration as such check for it first.
func Duration(d time.Duration) string {
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
	if b.Len() == 0 {
		return "0m"
	}
	return b.String()
}
