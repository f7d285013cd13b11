package main

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
)

// checkLimit bounds one `capacitybot check` run: each check has 20 s.
const checkLimit = 60 * time.Second

// TestCheckSubcommand runs `capacitybot check` as a user would, for the
// issue's cases: nothing configured, an unreachable Cloud Ops API with a
// bogus key, a simulated key without Namespace Admin, a bad setting.
func TestCheckSubcommand(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		env      []string
		wantCode int
		want     []string // lines (or their starts) that must be printed
		dontWant []string
	}{
		{name: "nothing configured", wantCode: 0, want: []string{
			"✓ settings: loaded and valid",
			"✓ Temporal: embedded server: data folder",
			"✓ [SIMULATED] Cloud Ops API: ",
			"✓ [SIMULATED] Cloud Ops API: the key may change capacity on all 12 allowed namespaces (Global Admin)",
			"✓ [SIMULATED] Metrics API: HTTP 200, X-Completeness complete",
			"– Slack: not configured",
		}, dontWant: []string{"✗", "⚠"}},
		{name: "bogus key, unreachable Cloud Ops API", wantCode: 1, env: []string{
			"TEMPORAL_CLOUD_OPS_API_KEY=bogus", "TEMPORAL_CLOUD_METRICS_API_KEY=bogus",
			"CLOUD_OPS_API_ADDRESS=127.0.0.1:1", "CLOUD_METRICS_API_BASE_URL=http://127.0.0.1:1",
		}, want: []string{
			"✗ Cloud Ops API: GetCurrentIdentity at 127.0.0.1:1",
			"— fix: check CLOUD_OPS_API_ADDRESS",
			"✗ Metrics API: request to http://127.0.0.1:1 failed",
		}, dontWant: []string{"SIMULATED"}},
		{name: "simulated key without Namespace Admin", wantCode: 1, env: []string{
			"SIM_KEY_ROLE=developer", "SIM_KEY_NAMESPACE_ACCESS=payments=admin", "NAMESPACE_ALLOWLIST=payments*,orders*",
		}, want: []string{
			"✗ [SIMULATED] Cloud Ops API: the key cannot change capacity of 1 of 2 allowed namespaces: orders-prod.demo42 (no access); its account role is Developer",
			"grant the key's service account Namespace Admin on orders-prod.demo42",
		}},
		{name: "bad setting", wantCode: 1, env: []string{"MAX_TRUS=0"}, want: []string{
			"✗ settings: MAX_TRUS must be at least 1, got 0 — fix: set MAX_TRUS",
			"– other checks: not run",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p := startProc(t, procOptions{name: "check " + tt.name, dataDir: newDataDir(t), httpAddr: testworld.FreeAddr(t),
				noStdin: true, env: tt.env, args: []string{"check"}})
			code := p.waitExit(checkLimit)
			out := joinLines(p.output())
			t.Logf("output:\n%s", out)
			if code != tt.wantCode {
				t.Errorf("exit code %d, want %d", code, tt.wantCode)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, w := range tt.dontWant {
				if strings.Contains(out, w) {
					t.Errorf("output has %q", w)
				}
			}
		})
	}
}

// TestCheckBesideARunningBot: check never starts a second embedded server on
// a data folder a bot holds, it says so; the bot answers /capacity check
// from its own connections and logs the cheap checks at start.
func TestCheckBesideARunningBot(t *testing.T) {
	t.Parallel()
	dataDir := newDataDir(t)
	bot := startProc(t, procOptions{name: "bot", dataDir: dataDir, httpAddr: testworld.FreeAddr(t)})
	bot.send("/capacity check")
	from, _ := bot.waitLine(0, "Checks (nothing was changed):", startupLimit)
	bot.waitLine(from, "✓ [SIMULATED] Cloud Ops API: the key may change capacity", checkLimit)
	bot.waitLine(from, "namespace default exists; task queue capacity-management-task-queue reachable", checkLimit)
	if logs := bot.stderr.String(); !strings.Contains(logs, "checks: ✓ settings, ✓ Temporal") {
		t.Errorf("start-up log lacks the cheap checks' line:\n%s", testworld.Tail(logs, 40))
	}

	p := startProc(t, procOptions{name: "check", dataDir: dataDir, httpAddr: testworld.FreeAddr(t), noStdin: true, args: []string{"check"}})
	if code := p.waitExit(checkLimit); code != 0 {
		t.Errorf("check exit code %d beside a running bot, want 0", code)
	}
	out := joinLines(p.output())
	if !strings.Contains(out, "held by a running capacitybot (not started a second server on it)") {
		t.Errorf("check does not say a running bot holds the data folder:\n%s", out)
	}
	bot.signal(syscall.SIGTERM)
	if code := bot.waitExit(30 * time.Second); code != 0 {
		t.Errorf("bot exit code %d after SIGTERM, want 0", code)
	}
}

// TestCheckWithSlack runs `capacitybot check` against the fake Slack: the
// binary's Slack checks, with a scope missing and a boost group unknown.
func TestCheckWithSlack(t *testing.T) {
	t.Parallel()
	fs := fakeslack.New(t)
	var scopes []string
	for _, s := range slackbot.ScopeNames() {
		if s != "groups:read" {
			scopes = append(scopes, s)
		}
	}
	fs.SetScopes(scopes...)
	fs.AddChannel(fakeslack.Channel{ID: "CALERTS", Name: "capacity-alerts", Member: true})
	fs.SetGroupMembers("SOPS", "U1")
	p := startProc(t, procOptions{name: "check with Slack", dataDir: newDataDir(t), httpAddr: testworld.FreeAddr(t), noStdin: true,
		args: []string{"check"}, env: []string{"SLACK_APP_TOKEN=xapp-test", "SLACK_BOT_TOKEN=xoxb-test", "SLACK_API_URL=" + fs.APIURL(),
			"SLACK_ALERT_CHANNEL=CALERTS", "SLACK_BOOST_GROUPS=SOPS,SNOPE"}})
	if code := p.waitExit(checkLimit); code != 1 {
		t.Errorf("exit code %d with a missing scope and an unknown group, want 1", code)
	}
	out := joinLines(p.output())
	t.Logf("output:\n%s", out)
	for _, w := range []string{
		"✓ Slack: auth.test: workspace fake (TFAKE), bot user @capacity-bot (UBOT)",
		"✗ Slack: bot token lacks scope groups:read — fix: add groups:read",
		"✓ Slack: apps.connections.open accepts the app-level token (the socket was not dialed)",
		"✓ Slack: alert channel #capacity-alerts (CALERTS) exists and the bot is a member",
		"✓ Slack: boost user group SOPS resolves: 1 member",
		"✗ Slack: boost user group SNOPE does not resolve",
	} {
		if !strings.Contains(out, w) {
			t.Errorf("output lacks %q", w)
		}
	}
	if n := len(fs.CallsTo("chat.postMessage")); n != 0 {
		t.Errorf("check posted %d messages, want none", n)
	}
}
