package slackbot

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/slack-go/slack"
	"gopkg.in/yaml.v3"
)

func TestManifestMatchesCode(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "manifest.yaml"))
	if err != nil {
		t.Fatalf("reading manifest: %v", err)
	}
	var m slack.Manifest
	if err := yaml.Unmarshal(raw, &m); err != nil {
		t.Fatalf("parsing manifest: %v", err)
	}
	if m.Display.Name != "Capacity Bot" || len(m.Display.Name) > 35 || len(m.Display.Description) > 140 {
		t.Errorf("display information = %+v", m.Display)
	}
	if m.Features.BotUser.DisplayName == "" {
		t.Error("manifest has no bot user")
	}
	if !m.Settings.SocketModeEnabled {
		t.Error("socket_mode_enabled must be true")
	}
	if m.Settings.Interactivity == nil || !m.Settings.Interactivity.IsEnabled {
		t.Error("interactivity must be enabled (modal, buttons)")
	}
	var found bool
	for _, c := range m.Features.SlashCommands {
		if c.Command == "/capacity" {
			found = true
			if c.Description == "" || c.UsageHint == "" {
				t.Errorf("/capacity needs a description and a usage hint: %+v", c)
			}
		}
	}
	if !found {
		t.Error("manifest does not declare /capacity")
	}
	if !m.Features.AppHome.HomeTabEnabled {
		t.Error("features.app_home.home_tab_enabled must be true (the App Home dashboard)")
	}
	var events []string
	if m.Settings.EventSubscriptions != nil {
		events = slices.Sorted(slices.Values(m.Settings.EventSubscriptions.BotEvents))
	}
	if want := slices.Sorted(maps.Keys(BotEvents())); !slices.Equal(events, want) {
		t.Errorf("manifest bot events = %v, code handles %v", events, want)
	}
	got := slices.Sorted(slices.Values(m.OAuthConfig.Scopes.Bot))
	var want []string
	for s := range BotScopes() {
		want = append(want, s)
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("manifest bot scopes = %v, code uses %v", got, want)
	}
}
