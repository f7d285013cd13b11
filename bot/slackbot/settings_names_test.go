package slackbot

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/internal/config"
)

// No payload the bot sends (help, modals and their hints, field errors)
// names a setting: users can neither see nor change them. The names come
// from the configuration itself.
func TestPayloadsNameNoSetting(t *testing.T) {
	for name, p := range payloads() {
		raw, err := json.Marshal(p.v)
		if err != nil {
			t.Fatal(err)
		}
		for _, setting := range config.EnvNames() {
			if strings.Contains(string(raw), setting) {
				t.Errorf("%s names the setting %s", name, setting)
			}
		}
	}
	opts := modalOpts
	opts.MaxTRUs = 4
	raw, err := json.Marshal(ScheduleModal("C777", opts))
	if err != nil {
		t.Fatal(err)
	}
	for _, setting := range config.EnvNames() {
		if strings.Contains(string(raw), setting) {
			t.Errorf("the schedule form names the setting %s", setting)
		}
	}
}
