package bot

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestKindsAreTheParsersCommands: every kind the bot names (and presets in
// the metrics) is a command the parser knows, and parses to that kind.
func TestKindsAreTheParsersCommands(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, k := range Kinds() {
		cmd, err := Parse(string(k), now)
		var ue *UsageError
		if errors.As(err, &ue) && strings.HasPrefix(ue.Message, "Unknown command") {
			t.Errorf("%s is in Kinds but the parser does not know it", k)
			continue
		}
		if err == nil && cmd.Kind != k {
			t.Errorf("%q parses to %s", k, cmd.Kind)
		}
	}
}
