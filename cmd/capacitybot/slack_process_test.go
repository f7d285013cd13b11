package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
)

// The Slack process test runs the real binary against the fake Slack: Web
// API over HTTP and Socket Mode over a real websocket, so the binary's
// wiring (config → slack-go client → socketmode → handler → notifier) is
// what is under test, not the handler alone.

const (
	slackChannel   = "C1"
	slackAlerts    = "C_ALERTS"
	slackAllowed   = "UALLOWED"
	slackRefused   = "UREFUSED"
	slackAnyone    = "UANY"
	slackAckBudget = 3 * time.Second // Slack's ack deadline
	slackWait      = 30 * time.Second
	slackBoostNS   = "payments.demo42"
)

// startSlackProc starts the binary like startProc does (hermetic environment,
// own working directory) plus the Slack settings, with stdin at /dev/null:
// in Slack mode nothing reads it.
func startSlackProc(t *testing.T, fs *fakeslack.Server, dataDir, httpAddr string) *proc {
	t.Helper()
	return startProc(t, procOptions{name: "slack", dataDir: dataDir, httpAddr: httpAddr, noStdin: true, env: []string{
		"SLACK_APP_TOKEN=xapp-test",
		"SLACK_BOT_TOKEN=xoxb-test",
		"SLACK_API_URL=" + fs.APIURL(),
		"SLACK_ALERT_CHANNEL=" + slackAlerts,
		"SLACK_BOOST_USERS=" + slackAllowed,
	}})
}

// slackSession is the test's side of the fake Slack: it sends envelopes and
// waits for their acks and for the Web API calls they cause.
type slackSession struct {
	t    *testing.T
	fs   *fakeslack.Server
	acks []time.Duration
}

func (s *slackSession) command(user, text, trigger string) string {
	s.t.Helper()
	id, err := s.fs.SendSlashCommand(slack.SlashCommand{Command: "/capacity", Text: text, UserID: user,
		UserName: "name-" + user, ChannelID: slackChannel, TeamID: "TPROC", TriggerID: trigger,
		ResponseURL: s.fs.ResponseURL("r-" + trigger)})
	if err != nil {
		s.t.Fatalf("sending /capacity %s: %v", text, err)
	}
	return id
}

// click presses a button on a message in channel ch as user.
func (s *slackSession) click(user, ch, ts, blockID, actionID, value, trigger string) string {
	s.t.Helper()
	id, err := s.fs.SendInteraction(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
		User: slack.User{ID: user}, TriggerID: trigger,
		Channel:   slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: ch}}},
		Container: slack.Container{Type: "message", ChannelID: ch, MessageTs: ts},
		ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
			ActionID: actionID, BlockID: blockID, Value: value}}}})
	if err != nil {
		s.t.Fatalf("sending the %s click: %v", actionID, err)
	}
	return id
}

// ack waits for an envelope's ack and checks it came within Slack's 3 s.
func (s *slackSession) ack(id, what string) {
	s.t.Helper()
	a, err := s.fs.WaitAck(id, slackWait)
	if err != nil {
		s.t.Fatalf("%s: no ack: %v", what, err)
	}
	s.acks = append(s.acks, a.Latency)
	if a.Latency >= slackAckBudget {
		s.t.Errorf("%s acked after %s, want under %s", what, a.Latency, slackAckBudget)
	}
}

// wait waits for a Web API call after mark that matches.
func (s *slackSession) wait(mark int, what string, match func(fakeslack.Call) bool) fakeslack.Call {
	s.t.Helper()
	c, err := s.fs.WaitCallAfter(mark, slackWait, match)
	if err != nil {
		var b strings.Builder
		for _, c := range s.fs.Calls() {
			b.WriteString(c.Method + " " + c.Param("channel") + " ts=" + c.Param("ts") + " thread_ts=" + c.Param("thread_ts") +
				" user=" + c.Param("user") + " " + c.Error + " " + testworld.Clip(c.Param("text"), 160) + "\n")
		}
		s.t.Fatalf("%s: %v\ncalls:\n%s", what, err, b.String())
	}
	return c
}

// ephemeralTo waits for an ephemeral reply to user (or a response_url post)
// after mark whose text contains want.
func (s *slackSession) ephemeralTo(mark int, user, want string) fakeslack.Call {
	s.t.Helper()
	return s.wait(mark, "ephemeral reply to "+user+" with "+want, func(c fakeslack.Call) bool {
		switch c.Method {
		case "chat.postEphemeral":
			return c.Param("user") == user && strings.Contains(c.Param("text"), want)
		case "response_url":
			return strings.Contains(c.Param("text"), want)
		}
		return false
	})
}

// button finds a button in a message's blocks: its block ID and value.
func button(t *testing.T, blocksJSON json.RawMessage, actionID string) (blockID, value string, ok bool) {
	t.Helper()
	blockID, value, ok, err := testworld.FindButton(blocksJSON, actionID)
	if err != nil {
		t.Fatal(err)
	}
	return blockID, value, ok
}

// countRoots counts the top-level boost messages posted for ns.
func countRoots(calls []fakeslack.Call, ns string) int {
	n := 0
	for _, c := range calls {
		if c.Method == "chat.postMessage" && c.Param("thread_ts") == "" && strings.HasPrefix(c.Param("text"), "Boost of "+ns) {
			n++
		}
	}
	return n
}

// initialOption finds the element with actionID anywhere in a views.open
// body and returns the value of its initial option.
func initialOption(body json.RawMessage, actionID string) (string, bool) {
	var root any
	if err := json.Unmarshal(body, &root); err != nil {
		return "", false
	}
	var walk func(v any) (string, bool)
	walk = func(v any) (string, bool) {
		switch x := v.(type) {
		case map[string]any:
			if x["action_id"] == actionID {
				opt, _ := x["initial_option"].(map[string]any)
				val, ok := opt["value"].(string)
				return val, ok
			}
			for _, c := range x {
				if val, ok := walk(c); ok {
					return val, true
				}
			}
		case []any:
			for _, c := range x {
				if val, ok := walk(c); ok {
					return val, true
				}
			}
		}
		return "", false
	}
	return walk(root)
}

// waitReady polls /readyz until 200 and returns how long it took from start.
func waitReady(t *testing.T, p *proc, client *http.Client, addr string) time.Duration {
	t.Helper()
	deadline := time.Now().Add(startupLimit)
	for {
		pr, err := getReadyz(client, addr)
		if err != nil {
			t.Fatal(err)
		}
		if pr.code == http.StatusOK {
			if state := pr.body.Parts["chat"]; state != "ok" {
				t.Fatalf("/readyz 200 with chat part %q, want ok", state)
			}
			return time.Since(p.started)
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz not 200 within %s (last: refused=%v code=%d parts=%v)", startupLimit, pr.refused, pr.code, pr.body.Parts)
		}
		select {
		case <-p.exited:
			t.Fatalf("the process exited before it was ready")
		case <-time.After(probeEvery * 10): // the probe interval, not synchronisation
		}
	}
}

func TestSlackProcessAnalyzeBoostRevertWatchAndDrain(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary against the fake Slack for about half a minute")
	}
	t.Parallel()
	fs := fakeslack.New(t)
	s := &slackSession{t: t, fs: fs}
	addr := testworld.FreeAddr(t)
	dataDir := newDataDir(t)
	client := &http.Client{Timeout: 3 * time.Second}
	p := startSlackProc(t, fs, dataDir, addr)

	// 1. Ready: the health part "chat" is the Socket Mode connection.
	ready := waitReady(t, p, client, addr)
	if n := fs.Connections(); n < 1 {
		t.Fatalf("/readyz 200 with %d Socket Mode connections to the fake", n)
	}
	t.Logf("/readyz 200 %s after start", ready.Round(time.Millisecond))
	if c, err := fs.WaitMethod(slackWait, "apps.connections.open", nil); err != nil || c.Token != "xapp-test" {
		t.Errorf("apps.connections.open with token %q (%v), want the app token xapp-test", c.Token, err)
	}

	// 2. /capacity analyze by anyone: acked, then the report in the channel.
	mark := fs.Mark()
	s.ack(s.command(slackAnyone, "analyze", "trig-analyze"), "/capacity analyze")
	report := s.wait(mark, "analysis report in "+slackChannel, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == slackChannel &&
			strings.Contains(string(c.Blocks()), `"type":"table"`)
	})
	if !strings.Contains(report.Param("text")+string(report.Blocks()), "SIMULATED") {
		t.Errorf("report not marked SIMULATED: text %q", report.Param("text"))
	}
	if report.Token != "xoxb-test" {
		t.Errorf("report posted with token %q, want the bot token xoxb-test", report.Token)
	}
	for _, ns := range testworld.DemoNamespaces() {
		if !strings.Contains(string(report.Blocks()), ns) {
			t.Errorf("report table lacks namespace %s", ns)
		}
	}

	// 3a. A boost by a user not in SLACK_BOOST_USERS is refused; nothing starts.
	mark = fs.Mark()
	s.ack(s.command(slackRefused, "boost payments 4 for 1m", "trig-refused"), "refused boost")
	s.ephemeralTo(mark, slackRefused, "may not change capacity")
	for _, c := range fs.Calls()[mark:] {
		if c.Method == "chat.postMessage" && c.Param("channel") == slackChannel && strings.HasPrefix(c.Param("text"), "Boost of") {
			t.Errorf("a boost root message was posted after the refusal: %q", c.Param("text"))
		}
	}
	if c := simulatedCapacity(t, dataDir, slackBoostNS); !c.Equal(clients.OnDemand()) {
		t.Errorf("after the refused boost %s is %s, want on-demand", slackBoostNS, c)
	}

	// 3b. The allowed user's boost: root message, thread, root edited to active.
	mark = fs.Mark()
	s.ack(s.command(slackAllowed, "boost payments 4 for 1m", "trig-boost"), "allowed boost")
	root := s.wait(mark, "boost root message", func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == slackChannel && c.Param("thread_ts") == "" &&
			strings.HasPrefix(c.Param("text"), "Boost of "+slackBoostNS)
	})
	if !strings.Contains(root.Param("text")+string(root.Blocks()), "SIMULATED") {
		t.Errorf("boost root message not marked SIMULATED: %q", root.Param("text"))
	}
	active := s.wait(mark, "thread reply: capacity raised", func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == slackChannel && c.Param("thread_ts") != "" &&
			strings.Contains(c.Param("text")+string(c.Blocks()), "is now at")
	})
	ts := active.Param("thread_ts")
	activeRoot := s.wait(mark, "root message edited to active", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), "active")
	})
	if c := simulatedCapacity(t, dataDir, slackBoostNS); !c.Equal(clients.Provisioned(4)) {
		t.Errorf("while active %s is %s, want 4 TRUs", slackBoostNS, c)
	}

	// 3c. Revert now, pressed by the allowed user: reverting, then done.
	blockID, value, ok := button(t, activeRoot.Blocks(), slackbot.ActionRevert)
	if !ok {
		t.Fatalf("the active root message has no Revert now button: %s", activeRoot.Blocks())
	}
	mark = fs.Mark()
	s.ack(s.click(slackAllowed, slackChannel, ts, blockID, slackbot.ActionRevert, value, "trig-revert"), "Revert now")
	s.wait(mark, "thread reply: reverting", func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("thread_ts") == ts && strings.Contains(c.Param("text")+string(c.Blocks()), "Reverting")
	})
	s.wait(mark, "root message edited to done", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("ts") == ts && strings.Contains(c.Param("text"), ": done")
	})
	if n := countRoots(fs.Calls(), slackBoostNS); n != 1 {
		t.Errorf("%d boost root messages for %s, want 1 (the refused boost must post none)", n, slackBoostNS)
	}
	if c := simulatedCapacity(t, dataDir, slackBoostNS); !c.Equal(clients.OnDemand()) {
		t.Errorf("after Revert now %s is %s, want on-demand", slackBoostNS, c)
	}

	// The throttling watch checks at start: an alert with a Boost button in
	// the alerts channel; pressing it opens the boost form prefilled.
	alert := s.wait(0, "throttling alert in "+slackAlerts, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == slackAlerts &&
			strings.Contains(string(c.Blocks()), slackbot.ActionWatchBoost)
	})
	blockID, value, ok = button(t, alert.Blocks(), slackbot.ActionWatchBoost)
	if !ok {
		t.Fatalf("the throttling alert has no Boost button: %s", alert.Blocks())
	}
	var suggested struct {
		Namespace string  `json:"n"`
		TRUs      float64 `json:"t"`
	}
	if err := json.Unmarshal([]byte(value), &suggested); err != nil || suggested.Namespace == "" {
		t.Fatalf("the Boost button's value %q does not name a namespace (%v)", value, err)
	}
	t.Logf("throttling alert for %s, suggesting %v TRUs", suggested.Namespace, suggested.TRUs)
	mark = fs.Mark()
	s.ack(s.click(slackAllowed, slackAlerts, "1.0", blockID, slackbot.ActionWatchBoost, value, "trig-watch-boost"), "alert Boost button")
	modal := s.wait(mark, "boost modal opened from the alert", func(c fakeslack.Call) bool {
		return c.Method == "views.open"
	})
	if modal.Param("trigger_id") != "trig-watch-boost" {
		t.Errorf("views.open with trigger %q, want the click's trig-watch-boost", modal.Param("trigger_id"))
	}
	body := string(modal.Body)
	if !strings.Contains(body, slackbot.CallbackBoostModal) || !strings.Contains(body, suggested.Namespace) {
		t.Errorf("views.open is not the boost modal prefilled with %s: %s", suggested.Namespace, testworld.Clip(body, 600))
	}
	if got, ok := initialOption(modal.Body, slackbot.ActionTRUs); !ok || got != strconv.FormatFloat(suggested.TRUs, 'f', -1, 64) {
		t.Errorf("boost modal TRUs preselected %q (found %v), want the suggested %v", got, ok, suggested.TRUs)
	}

	slowest := fs.SlowestAck()
	t.Logf("%d acks, slowest %s", len(s.acks), slowest.Round(time.Microsecond))
	if slowest >= slackAckBudget {
		t.Errorf("slowest ack %s, want under %s", slowest, slackAckBudget)
	}

	// 4. SIGTERM: /readyz 503 draining, the socket closed, exit 0.
	p.signal(syscall.SIGTERM)
	termAt := time.Now()
	var drainSeen bool
	for !drainSeen {
		pr, err := getReadyz(client, addr)
		if err != nil {
			t.Fatal(err)
		}
		if pr.refused {
			break
		}
		drainSeen = pr.code == http.StatusServiceUnavailable && pr.body.Draining
		select {
		case <-p.exited:
		case <-time.After(probeEvery):
		}
	}
	if code := p.waitExit(30 * time.Second); code != 0 {
		t.Fatalf("exit code %d after SIGTERM, want 0", code)
	}
	t.Logf("after SIGTERM: /readyz 503 draining seen=%v, exited 0 within %s", drainSeen, time.Since(termAt).Round(time.Millisecond))
	if !drainSeen && !strings.Contains(p.stderr.String(), "signal received: draining") {
		t.Errorf("neither /readyz 503 draining nor the drain log line after SIGTERM")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := fs.WaitUntil(ctx, func() bool { return fs.Connections() == 0 }); err != nil {
		t.Errorf("the fake still has %d Socket Mode connections after the exit: %v", fs.Connections(), err)
	}
	for _, l := range strings.Split(p.stderr.String(), "\n") {
		if strings.Contains(l, "\tERROR\t") {
			t.Errorf("error logged during the run: %s", testworld.Clip(l, 400))
		}
	}
	if n := fs.Connects(); n != 1 {
		t.Errorf("%d Socket Mode connections over the run, want 1 (no reconnects)", n)
	}
}
