package bot

import (
	"time"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// formatDuration prints "2h", "1h30m", "90m" → "1h30m", "1d2h"; a zero or
// negative duration prints as Go spells it ("0s", "-5m0s") so a refusal
// shows the caller exactly what was rejected.
func formatDuration(d time.Duration) string {
	if d <= 0 {
		return d.String()
	}
	return humanize.Duration(d)
}
