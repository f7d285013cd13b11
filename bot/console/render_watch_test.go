package console

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

func TestRenderWatchAlertGolden(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	opened := workflows.WatchAlert{Kind: workflows.WatchOpened, Namespace: "payments.demo42", APS: 950, APSLimit: 1000,
		Share: 0.95, Threshold: 0.9, SuggestedTRUs: 3, OpenedAt: t0, At: t0, Simulated: true}
	throttled := opened
	throttled.ThrottledPerSec, throttled.Sensitive, throttled.SuggestedTRUs = 12.5, true, 0
	throttled.SuggestionNote = "No TRU value above the current 8 is valid, available and within MAX_TRUS, so no boost is suggested."
	cleared := workflows.WatchAlert{Kind: workflows.WatchCleared, Namespace: "payments.demo42", APS: 300, APSLimit: 1000,
		Share: 0.3, Threshold: 0.9, OpenedAt: t0, At: t0.Add(25 * time.Minute)}
	lines := []string{renderWatchAlert(opened), renderWatchAlert(throttled), renderWatchAlert(cleared)}
	golden(t, "watch_alerts", strings.Join(lines, "\n")+"\n")
}
