package perf

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	ackSlash   = 200
	ackButtons = 200
	// ackGoal is the target for the p99 ack latency.
	ackGoal = 100 * time.Millisecond
	// ackEngineDelay is how long every Temporal call of the fake engine
	// takes: far more than the goal, so an ack that waited on it would miss.
	ackEngineDelay = 300 * time.Millisecond
	ackWait        = 30 * time.Second
	ackUser        = "UBOOSTER"
	ackChannel     = "CPERF"
)

// ackEnvelope is one envelope of the burst: a slash command or a button.
type ackEnvelope struct {
	text   string // slash command text; "" for a button
	action string // button action ID
	ns     string
	engine bool // whether handling it calls the engine
	key    string
}

// ackBurst is 200 slash commands (analyze, status, boost, help) and 200
// button presses (extend, revert), interleaved.
func ackBurst() []ackEnvelope {
	var out []ackEnvelope
	for i := range max(ackSlash, ackButtons) {
		ns := nsName(i % 100)
		if i < ackSlash {
			switch i % 4 {
			case 0:
				out = append(out, ackEnvelope{text: "analyze ns-0*", engine: true})
			case 1:
				out = append(out, ackEnvelope{text: "status " + ns, engine: true})
			case 2:
				out = append(out, ackEnvelope{text: fmt.Sprintf("boost ns-%03d.acct 4 for 1h load test", 100+i), engine: true})
			default:
				out = append(out, ackEnvelope{text: "help"})
			}
		}
		if i < ackButtons {
			action := slackbot.ActionExtend
			if i%2 == 1 {
				action = slackbot.ActionRevert
			}
			out = append(out, ackEnvelope{action: action, ns: ns, engine: true})
		}
	}
	for i := range out {
		out[i].key = fmt.Sprint(i)
	}
	return out
}

// BenchmarkAckLatency sends 200 slash commands and 200 button presses at
// once through the fake Slack's Socket Mode websocket to the real Slack
// adapter and a real bot.Handler, over an engine whose every call takes
// 300 ms. It reports the p50/p99/max time from an envelope's delivery to its
// ack (measured by the fake Slack), the bot's own mean from receipt to ack,
// and how long until every command had reached the engine. Goal: p99 <
// 100 ms with one connection (the default, SLACK_CONNECTIONS=1);
// "connections=4" shows what spreading the envelopes over more sockets, as
// Slack does, buys (on 2 cores: nothing). More rounds give steadier figures
// (-benchtime 5x).
//
//	go test -run '^$' -bench AckLatency -benchtime 1x ./perf/
func BenchmarkAckLatency(b *testing.B) {
	for _, conns := range []int{1, 4} {
		b.Run(fmt.Sprintf("connections=%d", conns), func(b *testing.B) { benchAck(b, conns) })
	}
}

func benchAck(b *testing.B, connections int) {
	burst := ackBurst()
	var all, atEngine, roundP99 []time.Duration
	var inBot time.Duration
	for range b.N {
		lat, took, mean := ackRound(b, connections, burst)
		all = append(all, lat...)
		atEngine = append(atEngine, took)
		roundP99 = append(roundP99, Summarize(lat).P99)
		inBot += mean / time.Duration(b.N)
	}
	s := Summarize(all)
	handled := Summarize(atEngine).Max
	b.ReportMetric(Ms(s.P50), "p50_ms")
	b.ReportMetric(Ms(s.P99), "p99_ms")
	b.ReportMetric(Ms(s.Max), "max_ms")
	b.ReportMetric(Ms(s.P99)/Ms(ackGoal), "p99/goal")
	b.ReportMetric(handled.Seconds(), "all_at_engine_s")
	b.ReportMetric(Ms(inBot), "in_bot_mean_ms")
	b.Logf("%d connections, %d envelopes per round (%d slash, %d buttons), engine delay %v: ack %s (mean %v of it inside the bot, receipt to ack); every command at the engine within %v",
		connections, len(burst), ackSlash, ackButtons, ackEngineDelay, s, inBot.Round(time.Microsecond), handled.Round(time.Millisecond))
	if b.N > 1 {
		r := Summarize(roundP99)
		b.ReportMetric(Ms(r.P50), "median_round_p99_ms")
		b.Logf("p99 per round: median %v, worst %v", r.P50.Round(time.Millisecond), r.Max.Round(time.Millisecond))
	}
	// A missed goal is reported, not failed: on a shared 2-core machine one
	// unlucky round would otherwise stop the remaining rounds (-benchtime
	// 5x) that make the figure steadier. Lost or doubled acks do fail.
	if s.P99 >= ackGoal {
		b.Logf("GOAL MISSED: p99 ack latency %v, goal < %v", s.P99, ackGoal)
	}
}

// ackRound starts a fake Slack and a connected bot (untimed), sends the
// burst, and waits until every command reached the engine. Each round has
// its own bot so that a round's handlers never compete with the next one's
// acks; Run's drain waits for them before the next round.
func ackRound(b *testing.B, connections int, burst []ackEnvelope) (lat []time.Duration, atEngine, inBotMean time.Duration) {
	b.StopTimer()
	fs := fakeslack.New(nil)
	defer fs.Close()
	api := slackbot.NewClient("xoxb-perf", "xapp-perf", fs.APIURL())
	m := telemetry.New()
	auth := bot.NewAuthorizer([]string{ackUser}, nil, nil, nil, time.Minute, nil)
	engine := newSlowEngine(ackEngineDelay)
	cloud := newStaticCloud(400)
	for i := range 100 {
		engine.SetRunning(workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: nsName(i), Requester: ackUser},
			Phase: workflows.PhaseActive, End: time.Now().Add(time.Hour), StartedAt: time.Now()})
	}
	policy := workflows.Policy{MaxTRUs: 12, MaxDuration: 72 * time.Hour}
	h := bot.NewHandler(bot.HandlerOptions{Engine: engine, Cloud: cloud, Auth: auth, Policy: policy,
		DefaultDuration: 2 * time.Hour, Metrics: m})
	bt := slackbot.New(slackbot.Options{API: api, Handler: h, Auth: auth, Cloud: cloud, Policy: policy,
		DefaultDuration: 2 * time.Hour, Metrics: m, Connections: connections})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- bt.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			b.Errorf("Run: %v", err)
		}
	}()
	if err := fs.WaitConnections(connections, ackWait); err != nil {
		b.Fatal(err)
	}
	waitCtx, stop := context.WithTimeout(ctx, ackWait)
	defer stop()
	// The bot's own readiness (it read the hello on every socket) changes
	// without an event the fake could signal: poll it.
	for !bt.Connected() {
		select {
		case <-waitCtx.Done():
			b.Fatalf("bot not connected after %v", ackWait)
		case <-time.After(5 * time.Millisecond):
		}
	}
	want := 0
	for _, e := range burst {
		if e.engine {
			want++
		}
	}

	b.StartTimer()
	start := time.Now()
	lat = sendBurst(b, fs, burst)
	// Every command is handled after its ack: wait until each reached the engine.
	if err := fs.WaitUntil(waitCtx, func() bool { return engine.CallCount() >= want }); err != nil {
		b.Fatalf("%d of %d engine calls after %v: handling after the ack stalled", engine.CallCount(), want, ackWait)
	}
	atEngine = time.Since(start)
	b.StopTimer()
	return lat, atEngine, meanAck(b, m)
}

// meanAck is the bot's own mean time from an envelope's receipt to its ack
// (its capacitybot_slack_ack_seconds histogram): the rest of the latency
// the fake measures is queueing before the bot reads the envelope.
func meanAck(b *testing.B, m *telemetry.Metrics) time.Duration {
	b.Helper()
	var out dto.Metric
	if err := m.AckLatency.Write(&out); err != nil {
		b.Fatalf("reading the ack histogram: %v", err)
	}
	h := out.GetHistogram()
	if h.GetSampleCount() == 0 {
		return 0
	}
	return time.Duration(h.GetSampleSum() / float64(h.GetSampleCount()) * float64(time.Second))
}

// sendBurst delivers every envelope at once (one goroutine each, released
// together) and returns each one's ack latency. Each must be acked exactly
// once.
func sendBurst(b *testing.B, fs *fakeslack.Server, burst []ackEnvelope) []time.Duration {
	b.Helper()
	ids := make([]string, len(burst))
	errs := make([]error, len(burst))
	release := make(chan struct{})
	var wg sync.WaitGroup
	for i, e := range burst {
		wg.Go(func() {
			<-release
			ids[i], errs[i] = send(fs, e)
		})
	}
	close(release)
	wg.Wait()
	lat := make([]time.Duration, 0, len(burst))
	for i, id := range ids {
		if errs[i] != nil {
			b.Fatalf("sending envelope %d: %v", i, errs[i])
		}
		a, err := fs.WaitAck(id, ackWait)
		if err != nil {
			b.Fatalf("envelope %d (%+v): %v", i, burst[i], err)
		}
		lat = append(lat, a.Latency)
	}
	for i, id := range ids {
		if n := fs.AckCount(id); n != 1 {
			b.Errorf("envelope %d acked %d times, want once", i, n)
		}
	}
	return lat
}

func send(fs *fakeslack.Server, e ackEnvelope) (string, error) {
	if e.text != "" {
		return fs.SendSlashCommand(slack.SlashCommand{Command: "/capacity", Text: e.text, UserID: ackUser,
			UserName: "booster", ChannelID: ackChannel, TriggerID: "trig-" + e.key})
	}
	return fs.SendInteraction(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
		User:           slack.User{ID: ackUser},
		Channel:        slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: ackChannel}}},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{ActionID: e.action, Value: e.ns}}}})
}
