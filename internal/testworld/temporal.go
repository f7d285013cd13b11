package testworld

import (
	"testing"

	"go.temporal.io/sdk/client"
	"go.temporal.io/server/temporaltest"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/workflows"
)

// StartTemporal starts an in-memory Temporal server (temporaltest, which
// also runs Schedules) whose SDK logs only warnings, so test output shows
// the bot's lines rather than the server's chatter.
func StartTemporal(t *testing.T) client.Client {
	t.Helper()
	quiet := workflows.NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
	ts := temporaltest.NewServer(temporaltest.WithT(t), temporaltest.WithBaseClientOptions(client.Options{Logger: quiet}))
	return ts.GetDefaultClient()
}
