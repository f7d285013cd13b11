package reliability

import (
	"strings"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/capacitybot/capacitybot/internal/testworld"
)

// The secrets every test world runs with. They are distinctive so a scan of
// the captured logs cannot miss them, and the simulated cloud is set to
// require the API key, so the key really travels on every call.
const (
	secretBotToken = "xoxb-rel-SECRET-bot-5c1d9e"
	secretAppToken = "xapp-rel-SECRET-app-7a2f40"
	secretCloudKey = "rel-SECRET-cloudkey-93be17"
)

func secrets() []string { return []string{secretBotToken, secretAppToken, secretCloudKey, "SECRET"} }

// logSink captures every log line of a test world (bot, worker, SDK, Temporal
// server) at debug level, so the test can scan them for secrets and print
// them when it fails.
type logSink struct{ testworld.SyncBuffer }

// Sync makes the sink a zapcore.WriteSyncer; there is nothing to flush.
func (s *logSink) Sync() error { return nil }

// logger writes JSON at debug level into the sink.
func (s *logSink) logger() *zap.Logger {
	enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
	return zap.New(zapcore.NewCore(enc, s, zapcore.DebugLevel))
}

// secretsSeen counts the log lines that carry a secret.
func (s *logSink) secretsSeen() (int, []string) {
	var lines []string
	for _, line := range strings.Split(s.String(), "\n") {
		for _, sec := range secrets() {
			if strings.Contains(line, sec) {
				lines = append(lines, line)
				break
			}
		}
	}
	return len(lines), lines
}

// checkNoSecrets fails the test for every log line carrying a secret and
// counts them.
func checkNoSecrets(t testing.TB, s *logSink, c *counters) {
	t.Helper()
	n, lines := s.secretsSeen()
	c.add(func(c *counts) { c.SecretsInLogs += n; c.LogLinesScanned += strings.Count(s.String(), "\n") })
	for _, l := range lines {
		t.Errorf("secret in logs: %s", clip(l, 400))
	}
}

func clip(s string, n int) string { return testworld.Clip(s, n) }
