package slackbot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
)

func TestRunStopsOnInvalidAuth(t *testing.T) {
	fs := fakeslack.New(t)
	fs.FailNext("apps.connections.open", 1, "invalid_auth")
	b := New(Options{APIURL: fs.APIURL(), BotToken: "xoxb-x", AppToken: "xapp-bad", Handler: bot.NewHandler(bot.HandlerOptions{})})
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	err := b.Run(ctx)
	if err == nil || !strings.Contains(err.Error(), "invalid_auth") {
		t.Fatalf("Run = %v, want the invalid_auth error", err)
	}
	if ctx.Err() != nil {
		t.Fatal("Run only returned at the deadline")
	}
	if b.Connected() {
		t.Error("Connected after a refused connection")
	}
}

func TestRunNeedsAHandler(t *testing.T) {
	if err := New(Options{}).Run(context.Background()); err == nil {
		t.Fatal("Run without a Handler must fail")
	}
}

func TestConnectedFollowsTheSocket(t *testing.T) {
	h := startBot(t, 1)
	if !h.bot.Connected() {
		t.Fatal("not connected after hello")
	}
	if got := socketGauge(t, h.metrics, "capacitybot_slack_socket_connections_open"); got != 1 {
		t.Errorf("open connections gauge = %v after hello, want 1", got)
	}
	if got := socketGauge(t, h.metrics, "capacitybot_slack_socket_connections_configured"); got != 1 {
		t.Errorf("configured connections gauge = %v, want 1", got)
	}
	h.slack.Close()
	h.eventually("disconnected after the server went away", func() bool { return !h.bot.Connected() })
	if got := socketGauge(t, h.metrics, "capacitybot_slack_socket_connections_open"); got != 0 {
		t.Errorf("open connections gauge = %v after the server went away, want 0", got)
	}
}

// BenchmarkAckLatency measures the time from an envelope's delivery to its
// ack over a real loopback websocket (slash command, empty ack).
func BenchmarkAckLatency(b *testing.B) {
	fs := fakeslack.New(b)
	api := NewClient("xoxb-test", "xapp-test", fs.APIURL())
	h := bot.NewHandler(bot.HandlerOptions{Engine: newFakeEngine(), Cloud: newFakeCloud()})
	bt := New(Options{API: api, Handler: h})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	defer func() { cancel(); <-done }()
	if err := fs.WaitConnections(1, wait); err != nil {
		b.Fatal(err)
	}
	var total, worst time.Duration
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		id, err := fs.SendSlashCommand(slack.SlashCommand{Text: "help", UserID: "U1", ChannelID: "C1"})
		if err != nil {
			b.Fatal(err)
		}
		a, err := fs.WaitAck(id, wait)
		if err != nil {
			b.Fatal(err)
		}
		total += a.Latency
		worst = max(worst, a.Latency)
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N), "µs/ack")
	b.ReportMetric(float64(worst.Microseconds()), "µs-worst")
}
