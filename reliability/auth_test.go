package reliability

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	groupUser   = "UGROUPIE" // in the SBOOST user group
	boostGroup  = "SBOOST"
	otherChan   = "COTHER" // not in SLACK_ALLOWED_CHANNELS
	runningNS   = "ns03.rel"
	authTimeout = 5 * time.Second
)

// authAction is one thing a user can do: a command or a button click, and
// the engine call that shows it was allowed to act.
type authAction struct {
	name    string
	changes bool   // needs the right to change capacity
	effect  string // prefix of the engine call an allowed action makes ("" = reply only)
	reply   string // text an allowed reply contains, for actions without an engine call
	command string // slash command text; "" for a button
	button  string // button action ID
}

func authActions() []authAction {
	return []authAction{
		{name: "help", command: "help", reply: "/capacity"},
		{name: "analyze", command: "analyze ns*", effect: "StartAnalysis"},
		{name: "status", command: "status", effect: "ActiveBoosts"},
		{name: "boost (one line)", changes: true, command: "boost ns01.rel 4 for 1h auth", effect: "StartBoost"},
		{name: "boost (modal)", changes: true, command: "boost", effect: "views.open"},
		{name: "extend", changes: true, command: "extend " + runningNS + " 1h", effect: "Extend"},
		{name: "revert", changes: true, command: "revert " + runningNS, effect: "RevertNow"},
		{name: "Extend button", changes: true, button: slackbot.ActionExtend, effect: "Extend"},
		{name: "Revert button", changes: true, button: slackbot.ActionRevert, effect: "RevertNow"},
	}
}

// slackWorld is the Slack adapter over recording fakes, on the fake Slack.
type slackWorld struct {
	t      *testing.T
	slack  *fakeslack.Server
	engine *bottest.Engine
	logs   *logSink
}

func newSlackWorld(t *testing.T) *slackWorld {
	t.Helper()
	fs := fakeslack.New(t, fakeslack.WithPingInterval(500*time.Millisecond))
	fs.SetGroupMembers(boostGroup, groupUser)
	logs := &logSink{}
	log := logs.logger()
	api := slackbot.NewClient(secretBotToken, secretAppToken, fs.APIURL())
	auth := bot.NewAuthorizer([]string{boostUser}, []string{boostGroup}, []string{channel}, slackbot.Groups{API: api}, time.Minute, nil)
	engine := newRecEngine(runningNS)
	cloud := fakeCloud{namespaces: []string{"ns01.rel", "ns02.rel", runningNS}}
	policy := workflows.Policy{MaxTRUs: 8, MaxDuration: 72 * time.Hour, MaxLead: 31 * 24 * time.Hour, Filter: capacity.NamespaceFilter{}}
	h := bot.NewHandler(bot.HandlerOptions{Engine: engine, Cloud: cloud, Auth: auth, Policy: policy,
		DefaultDuration: 2 * time.Hour, Simulated: true, Logger: log.Named("handler")})
	b := slackbot.New(slackbot.Options{API: api, Handler: h, Auth: auth, Cloud: cloud, Policy: policy,
		DefaultDuration: 2 * time.Hour, AlertChannel: alertChannel, Simulated: true, Logger: log.Named("slack"),
		Connections: 1, PingInterval: 3 * time.Second})
	bottest.RunUntilCleanup(t, b.Run, wait)
	waitFor(t, wait, "bot connected", b.Connected)
	return &slackWorld{t: t, slack: fs, engine: engine, logs: logs}
}

// do performs an action as user in ch and reports whether it took effect,
// with the reply the user saw.
func (s *slackWorld) do(a authAction, user, ch string, n int) (acted bool, reply string) {
	s.t.Helper()
	s.engine.Reset()
	mark := s.slack.Mark()
	var id string
	var err error
	trigger := fmt.Sprintf("trig-%d", n)
	if a.command != "" {
		id, err = s.slack.SendSlashCommand(slack.SlashCommand{Command: "/capacity", Text: a.command, UserID: user,
			UserName: "name-" + user, ChannelID: ch, TeamID: "TREL", TriggerID: trigger,
			ResponseURL: s.slack.ResponseURL("r-" + trigger)})
	} else {
		id, err = s.slack.SendInteraction(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
			User: slack.User{ID: user, Name: "name-" + user}, TriggerID: trigger,
			Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: ch}}},
			Message: slack.Message{Msg: slack.Msg{Timestamp: "1700000000.000001"}},
			ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
				ActionID: a.button, BlockID: "boost_actions", Value: runningNS}}}})
	}
	if err != nil {
		s.t.Fatalf("%s: %v", a.name, err)
	}
	if _, err := s.slack.WaitAck(id, authTimeout); err != nil {
		s.t.Fatalf("%s by %s in %s: no ack: %v", a.name, user, ch, err)
	}
	c, err := s.slack.WaitCallAfter(mark, authTimeout, func(c fakeslack.Call) bool {
		switch c.Method {
		case "chat.postEphemeral":
			return c.Param("user") == user
		case "response_url", "views.open":
			return true
		case "chat.postMessage":
			return c.Param("channel") == ch && c.Param("thread_ts") == ""
		}
		return false
	})
	if err != nil {
		s.t.Fatalf("%s by %s in %s: no answer: %v\ncalls:\n%s", a.name, user, ch, err, dumpCalls(s.slack.Calls()[mark:]))
	}
	reply = c.Param("text") + string(c.Blocks())
	switch {
	case a.effect == "views.open":
		acted = c.Method == "views.open"
	case a.effect != "":
		for _, call := range s.engine.Calls() {
			if strings.HasPrefix(call, a.effect) {
				acted = true
			}
		}
	default:
		acted = strings.Contains(reply, a.reply) && !strings.Contains(reply, "Sorry")
	}
	return acted, reply
}

// TestAuthorizationMatrix checks every cell of users × commands and
// buttons × channels: analysis, status and help for anyone in an allowed
// channel; boost, extend and revert (commands and buttons) only for the
// allowed user and the allowed group's member, and only in an allowed
// channel. A refused cell tells the user why and reaches no engine call.
func TestAuthorizationMatrix(t *testing.T) {
	cnt := newCounters("6 authorization")
	users := []struct {
		id        string
		mayChange bool
	}{{boostUser, true}, {groupUser, true}, {stranger, false}}
	channels := []struct {
		id      string
		allowed bool
	}{{channel, true}, {otherChan, false}}
	for run := 0; run < runs(t); run++ {
		s := newSlackWorld(t)
		n := 0
		for _, a := range authActions() {
			for _, u := range users {
				for _, ch := range channels {
					n++
					want := ch.allowed && (!a.changes || u.mayChange)
					acted, reply := s.do(a, u.id, ch.id, n)
					cnt.add(func(c *counts) {
						c.Runs++
						if !acted {
							c.Refusals++
						}
					})
					t.Logf("%-16s %-9s %-7s acted=%v", a.name, u.id, ch.id, acted)
					if acted != want {
						t.Errorf("%s by %s in %s: acted %v, want %v (reply %q)", a.name, u.id, ch.id, acted, want, clip(reply, 200))
					}
					if !acted && !refusalSaysWhy(reply) {
						t.Errorf("%s by %s in %s: refused without saying why: %q", a.name, u.id, ch.id, clip(reply, 200))
					}
				}
			}
		}
		checkNoSecrets(t, s.logs, cnt)
	}
}

func refusalSaysWhy(reply string) bool {
	for _, w := range []string{"may not", "not allowed", "Sorry", "allowed", "SLACK_"} {
		if strings.Contains(reply, w) {
			return true
		}
	}
	return false
}
