package bot

import (
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/internal/config"
)

// assertNoSettingNames fails when a user-visible text names one of the bot's
// settings: users can neither see nor change them. The names come from the
// configuration itself, so a new setting is covered without editing a list.
func assertNoSettingNames(t *testing.T, text string) {
	t.Helper()
	for _, name := range config.EnvNames() {
		if strings.Contains(text, name) {
			t.Errorf("user-visible text names the setting %s: %q", name, text)
		}
	}
}
