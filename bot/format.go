package bot

import (
	"strconv"
	"strings"
	"time"
)

// formatTRUs prints a TRU count without a trailing ".0".
func formatTRUs(n float64) string { return strconv.FormatFloat(n, 'f', -1, 64) }

// formatTime prints a time in UTC for people: "15:04 UTC" today, with the
// date otherwise.
func formatTime(t, now time.Time) string {
	t, now = t.UTC(), now.UTC()
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return t.Format("15:04 UTC")
	}
	return t.Format("Mon 2 Jan 15:04 UTC")
}

// formatDuration prints "2h", "1h30m", "90m" → "1h30m", "1d2h".
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return d.String()
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
	if b.Len() == 0 {
		return "0m"
	}
	return b.String()
}
