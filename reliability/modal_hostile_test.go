package reliability

import (
	"context"
	"errors"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/workflows"
)

// modalInput is what a (possibly forged) boost modal submission carries.
type modalInput struct {
	meta      string
	namespace string
	trus      string
	startUnix int64
	endAtUnix int64
	endDur    string
	reason    string
	channel   string
}

// view builds the submitted view as Slack would send it.
func (m modalInput) view() slack.View {
	v := map[string]map[string]slack.BlockAction{
		slackbot.BlockNamespace: {slackbot.ActionNamespace: {SelectedOption: slack.OptionBlockObject{Value: m.namespace}}},
		slackbot.BlockTRUs:      {slackbot.ActionTRUs: {SelectedOption: slack.OptionBlockObject{Value: m.trus}}},
		slackbot.BlockReason:    {slackbot.ActionReason: {Value: m.reason}},
		slackbot.BlockChannel:   {slackbot.ActionChannel: {SelectedConversation: m.channel}},
	}
	if m.startUnix != 0 {
		v[slackbot.BlockStart] = map[string]slack.BlockAction{slackbot.ActionStart: {SelectedDateTime: m.startUnix}}
	}
	if m.endAtUnix != 0 {
		v[slackbot.BlockEndAt] = map[string]slack.BlockAction{slackbot.ActionEndAt: {SelectedDateTime: m.endAtUnix}}
	}
	if m.endDur != "" {
		v[slackbot.BlockEnd] = map[string]slack.BlockAction{slackbot.ActionEnd: {SelectedOption: slack.OptionBlockObject{Value: m.endDur}}}
	}
	return slack.View{Type: slack.VTModal, CallbackID: slackbot.CallbackBoostModal, PrivateMetadata: m.meta,
		State: &slack.ViewState{Values: v}}
}

// hostileModal is a forged or abusive submission and the words its refusal
// (a field error, or the Handler's refusal) must contain.
type hostileModal struct {
	name string
	in   modalInput
	want string
}

func (h hostileModal) view() slack.View { return h.in.view() }

func hostileModals() []hostileModal {
	ok := modalInput{namespace: "ns01.rel", trus: "4", endDur: "1h", reason: "launch", channel: channel}
	with := func(f func(*modalInput)) modalInput {
		m := ok
		f(&m)
		return m
	}
	now := hostileNow().Unix()
	return []hostileModal{
		{"out-of-date metadata", with(func(m *modalInput) { m.meta = "{not json" }), "out of date"},
		{"no namespace", with(func(m *modalInput) { m.namespace = "" }), "Pick a namespace"},
		{"glob namespace", with(func(m *modalInput) { m.namespace = "*" }), "is not a namespace"},
		{"mention as namespace", with(func(m *modalInput) { m.namespace = "<!channel>" }), "is not a namespace"},
		{"unknown namespace", with(func(m *modalInput) { m.namespace = "nosuch.rel" }), "no namespace nosuch.rel"},
		{"denied namespace", with(func(m *modalInput) { m.namespace = "ledger.rel" }), "not a namespace this bot may change"},
		{"huge namespace", with(func(m *modalInput) { m.namespace = strings.Repeat("n", 100_000) }), "is not a namespace"},
		{"negative TRUs", with(func(m *modalInput) { m.trus = "-4" }), "Pick a TRU value"},
		{"NaN TRUs", with(func(m *modalInput) { m.trus = "NaN" }), "Pick a TRU value"},
		{"infinite TRUs", with(func(m *modalInput) { m.trus = "+Inf" }), "Pick a TRU value"},
		{"huge TRUs", with(func(m *modalInput) { m.trus = "1e308" }), "not a valid value"},
		{"TRUs over MAX_TRUS", with(func(m *modalInput) { m.trus = "12" }), "not a valid value"},
		{"TRUs not a valid value", with(func(m *modalInput) { m.trus = "4.0000001" }), "not a valid value"},
		{"start in 1970", with(func(m *modalInput) { m.startUnix = 1 }), "in the past"},
		{"start in year 9999", with(func(m *modalInput) { m.startUnix = 253402300799 }), "A boost may start at most 31d ahead"},
		{"end before start", with(func(m *modalInput) { m.endAtUnix = now - 3600 }), "is in the past"},
		{"end at the largest time", with(func(m *modalInput) { m.endAtUnix = math.MaxInt64 }), "end time"},
		{"negative duration", with(func(m *modalInput) { m.endDur = "-1h" }), "Pick a duration"},
		{"forged huge duration", with(func(m *modalInput) { m.endDur = "9999999h" }), "Pick a duration"},
		{"garbage duration", with(func(m *modalInput) { m.endDur = "soon" }), "Pick a duration"},
		{"very long reason", with(func(m *modalInput) { m.reason = strings.Repeat("r", 100_000) }), "at most 500"},
		{"invalid UTF-8 reason", with(func(m *modalInput) { m.reason = "launch \xff\xfe" }), "cannot be read"},
		{"no channel", with(func(m *modalInput) { m.channel = "" }), "Pick a channel"},
	}
}

// TestHostileModal submits each forged boost form through the modal decoder
// and, when the decoder lets it through, bot.Handler's Boost (what the
// Slack adapter does on submit): each is refused with a field error or a
// refusal saying why, and nothing reaches the engine.
func TestHostileModal(t *testing.T) {
	cnt := newCounters("5 hostile input")
	for run := 0; run < runs(t); run++ {
		hw := newHandlerWorld(nil)
		for _, tc := range hostileModals() {
			t.Run(tc.name, func(t *testing.T) {
				hw.engine.Reset()
				req, errs := slackbot.DecodeBoostSubmission(tc.view(), hostileNow())
				text := strings.Join(values(errs), " | ")
				if len(errs) == 0 {
					req.Requester = boostUser
					_, err := hw.h.Boost(context.Background(), bot.Caller{UserID: boostUser, ChannelID: channel}, req)
					var refusal *workflows.RefusalError
					if !errors.As(err, &refusal) {
						t.Fatalf("decoded to %+v and Boost answered %v; want a refusal", req, err)
					}
					text = refusal.Message
				}
				changes := hw.engine.Changes()
				cnt.add(func(c *counts) {
					c.Runs++
					if len(changes) == 0 {
						c.Refusals++
					}
				})
				if !strings.Contains(text, tc.want) {
					t.Errorf("refusal %q; want it to say %q", clip(text, 300), tc.want)
				}
				if len(text) > 1000 {
					t.Errorf("the refusal is %d bytes long; it must not echo a flood back", len(text))
				}
				if len(changes) > 0 {
					t.Errorf("a forged form reached the engine: %v", changes)
				}
			})
		}
		checkNoSecrets(t, hw.logs, cnt)
	}
}

func values(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		out = append(out, k+": "+v)
	}
	sort.Strings(out)
	return out
}
