package app

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/workflows"
)

// testOptions are Options over clients that connect lazily, so Build runs
// without a Temporal server or a cloud.
func testOptions(t *testing.T) Options {
	t.Helper()
	tc, err := client.NewLazyClient(client.Options{HostPort: "127.0.0.1:1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tc.Close)
	ops, usage, err := CloudClients(CloudOptions{}.Loopback("127.0.0.1:1", "http://127.0.0.1:1", "key"), nil, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ops.Close() })
	return Options{Temporal: tc, TaskQueue: "q", Ops: ops, Usage: usage, Logger: zap.NewNop(),
		Policy: workflows.Policy{MaxTRUs: 8, MaxDuration: time.Hour}, AlertChannel: "CALERTS", Simulated: true}
}

func TestBuildWiresOneChatSide(t *testing.T) {
	slackSide := &SlackOptions{API: slackbot.NewClient("xoxb", "xapp", "http://127.0.0.1:1/"), BoostUsers: []string{"U1"}}
	consoleSide := &ConsoleOptions{In: strings.NewReader(""), Out: &strings.Builder{}, User: "console-user"}
	tests := []struct {
		name        string
		slack       *SlackOptions
		console     *ConsoleOptions
		wantErr     error
		wantSlack   bool
		wantBooster string // a user the authorizer lets boost
	}{
		{name: "slack", slack: slackSide, wantSlack: true, wantBooster: "U1"},
		{name: "console", console: consoleSide, wantBooster: "console-user"},
		{name: "neither", wantErr: ErrChatSide},
		{name: "both", slack: slackSide, console: consoleSide, wantErr: ErrChatSide},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := testOptions(t)
			o.Slack, o.Console = tt.slack, tt.console
			p, err := Build(o)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Build error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if (p.Bot != nil) != tt.wantSlack || (p.Console != nil) == tt.wantSlack {
				t.Fatalf("Bot %v, Console %v; want the Slack bot only: %v", p.Bot != nil, p.Console != nil, tt.wantSlack)
			}
			a := p.Activities
			// The worker re-checks recurring boosts' creators with the chat
			// side's authorizer (a harness once left it out).
			if a.Permissions != p.Auth || p.Auth == nil {
				t.Errorf("activities' Permissions %v, want the chat side's authorizer %v", a.Permissions, p.Auth)
			}
			if ok, why := p.Auth.CanChange(context.Background(), tt.wantBooster, "payments"); !ok {
				t.Errorf("%s may not boost: %s", tt.wantBooster, why)
			}
			if ok, _ := p.Auth.CanChange(context.Background(), "USTRANGER", "payments"); ok {
				t.Error("a stranger may boost")
			}
			if a.Notifier == nil || a.Cloud != o.Ops || a.Usage != o.Usage || a.Policy.MaxTRUs != o.Policy.MaxTRUs ||
				a.AlertChannel != o.AlertChannel || !a.Simulated || a.Logger == nil {
				t.Errorf("activities %+v not wired from the options", a)
			}
			if p.Handler == nil || p.Worker == nil {
				t.Errorf("handler %v, worker %v", p.Handler, p.Worker)
			}
		})
	}
}
