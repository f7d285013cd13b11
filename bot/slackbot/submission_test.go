package slackbot

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/workflows"
)

// formState is a submitted boost modal's input, for building test views.
type formState struct {
	meta                 string
	ns, trus, endDur     string
	start, endAt         int64
	reason, channel      string
	noTRUsBlock, noState bool
}

func (f formState) view() slack.View {
	v := slack.View{CallbackID: CallbackBoostModal, PrivateMetadata: f.meta}
	if f.noState {
		return v
	}
	opt := func(val string) slack.BlockAction {
		return slack.BlockAction{SelectedOption: slack.OptionBlockObject{Value: val}}
	}
	values := map[string]map[string]slack.BlockAction{
		BlockNamespace: {ActionNamespace: opt(f.ns)},
		BlockStart:     {ActionStart: {SelectedDateTime: f.start}},
		BlockEnd:       {ActionEnd: opt(f.endDur)},
		BlockEndAt:     {ActionEndAt: {SelectedDateTime: f.endAt}},
		BlockReason:    {ActionReason: {Value: f.reason}},
		BlockChannel:   {ActionChannel: {SelectedConversation: f.channel}},
	}
	if !f.noTRUsBlock {
		values[BlockTRUs] = map[string]slack.BlockAction{ActionTRUs: opt(f.trus)}
	}
	v.State = &slack.ViewState{Values: values}
	return v
}

func good() formState {
	return formState{meta: `{"c":"C1","n":"ns1"}`, ns: "ns1", trus: "4", endDur: "2h0m0s", reason: " launch ", channel: "C2"}
}

func TestDecodeBoostSubmission(t *testing.T) {
	now := t0
	cases := []struct {
		name    string
		edit    func(*formState)
		errKeys []string
		check   func(t *testing.T, f formState, got decoded)
	}{
		{name: "good", check: func(t *testing.T, _ formState, got decoded) {
			if got.req.Namespace != "ns1" || got.req.TRUs != 4 || got.req.Channel != "C2" || got.req.Reason != "launch" ||
				!got.req.Start.IsZero() || !got.req.End.Equal(now.Add(2*time.Hour)) {
				t.Errorf("request = %+v", got.req)
			}
		}},
		{name: "no end", edit: func(f *formState) { f.endDur = "none" }, check: func(t *testing.T, _ formState, got decoded) {
			if !got.req.End.IsZero() {
				t.Errorf("End = %v, want zero", got.req.End)
			}
		}},
		{name: "start later, end by duration from start", edit: func(f *formState) { f.start = now.Add(time.Hour).Unix() },
			check: func(t *testing.T, _ formState, got decoded) {
				if !got.req.Start.Equal(now.Add(time.Hour)) || !got.req.End.Equal(now.Add(3*time.Hour)) {
					t.Errorf("start %v end %v", got.req.Start, got.req.End)
				}
			}},
		{name: "end time overrides duration", edit: func(f *formState) { f.endAt = now.Add(5 * time.Hour).Unix() },
			check: func(t *testing.T, _ formState, got decoded) {
				if !got.req.End.Equal(now.Add(5 * time.Hour)) {
					t.Errorf("end %v", got.req.End)
				}
			}},
		{name: "channel falls back to metadata", edit: func(f *formState) { f.channel = "" },
			check: func(t *testing.T, _ formState, got decoded) {
				if got.req.Channel != "C1" {
					t.Errorf("channel %q", got.req.Channel)
				}
			}},
		{name: "no namespace", edit: func(f *formState) { f.ns, f.meta = "", `{"c":"C1"}` }, errKeys: []string{BlockNamespace}},
		{name: "namespace picked but form not refreshed", edit: func(f *formState) { f.ns, f.noTRUsBlock = "other", true }, errKeys: []string{BlockNamespace}},
		{name: "namespace without valid TRUs", edit: func(f *formState) { f.noTRUsBlock = true }, errKeys: []string{BlockNamespace}},
		{name: "no TRUs", edit: func(f *formState) { f.trus = "" }, errKeys: []string{BlockTRUs}},
		{name: "TRUs not a number", edit: func(f *formState) { f.trus = "NaN" }, errKeys: []string{BlockTRUs}},
		{name: "negative TRUs", edit: func(f *formState) { f.trus = "-2" }, errKeys: []string{BlockTRUs}},
		{name: "start in the past", edit: func(f *formState) { f.start = now.Add(-time.Hour).Unix() }, errKeys: []string{BlockStart}},
		{name: "end before start", edit: func(f *formState) { f.endAt = now.Add(-time.Minute).Unix() }, errKeys: []string{BlockEndAt}},
		{name: "bad duration", edit: func(f *formState) { f.endDur = "forever" }, errKeys: []string{BlockEnd}},
		{name: "long reason", edit: func(f *formState) { f.reason = strings.Repeat("r", 501) }, errKeys: []string{BlockReason}},
		{name: "no channel at all", edit: func(f *formState) { f.channel, f.meta = "", `{"n":"ns1"}` }, errKeys: []string{BlockChannel}},
		{name: "bad metadata", edit: func(f *formState) { f.meta = "{" }, errKeys: []string{BlockNamespace}},
		{name: "no state", edit: func(f *formState) { f.noState = true }, errKeys: []string{BlockNamespace}},
		{name: "several errors", edit: func(f *formState) {
			f.trus, f.start, f.reason = "", now.Add(-time.Hour).Unix(), strings.Repeat("r", 600)
		},
			errKeys: []string{BlockTRUs, BlockStart, BlockReason}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := good()
			if tc.edit != nil {
				tc.edit(&f)
			}
			req, errs := DecodeBoostSubmission(f.view(), now)
			if len(errs) != len(tc.errKeys) {
				t.Fatalf("errors = %v, want keys %v", errs, tc.errKeys)
			}
			for _, k := range tc.errKeys {
				if errs[k] == "" {
					t.Errorf("no error for %s: %v", k, errs)
				}
			}
			if tc.check != nil {
				tc.check(t, f, decoded{req})
			}
		})
	}
}

type decoded struct{ req workflows.BoostRequest }

// FuzzDecodeBoostSubmission feeds arbitrary views: decoding must never panic,
// and a request without errors must be complete and sane.
func FuzzDecodeBoostSubmission(f *testing.F) {
	for _, fs := range []formState{good(), {meta: "{"}, {noState: true}, {meta: `{"c":"C1","n":"x"}`, ns: "x", trus: "1e308", endDur: "-1h"}} {
		b, _ := json.Marshal(fs.view())
		f.Add(b, t0.Unix())
	}
	f.Add([]byte(`{"state":{"values":{"trus":{"trus_select":{"selected_option":{"value":"Inf"}}}}}}`), int64(0))
	f.Add([]byte(`{"private_metadata":"null","state":null}`), int64(-1))
	f.Fuzz(func(t *testing.T, raw []byte, nowUnix int64) {
		var v slack.View
		if json.Unmarshal(raw, &v) != nil {
			return
		}
		now := time.Unix(nowUnix%(1<<40), 0).UTC()
		req, errs := DecodeBoostSubmission(v, now)
		for k := range errs {
			switch k {
			case BlockNamespace, BlockTRUs, BlockStart, BlockEnd, BlockEndAt, BlockReason, BlockChannel:
			default:
				t.Fatalf("error under %q, which is not an input block", k)
			}
		}
		if len(errs) > 0 {
			return
		}
		if req.Namespace == "" || req.Channel == "" || !(req.TRUs > 0) {
			t.Fatalf("accepted an incomplete request: %+v", req)
		}
		start := now
		if !req.Start.IsZero() {
			start = req.Start
		}
		if !req.End.IsZero() && !req.End.After(start) {
			t.Fatalf("accepted end %v not after start %v", req.End, start)
		}
	})
}

// TestRefusedEndGoesToTheFieldUsed checks that a refusal of the end time is
// shown on the picker when the picker set it, and on the duration otherwise.
func TestRefusedEndGoesToTheFieldUsed(t *testing.T) {
	refusal := &workflows.RefusalError{Field: workflows.FieldEnd, Message: "too long"}
	picked := slack.View{State: &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
		BlockEndAt: {ActionEndAt: {SelectedDateTime: 1_900_000_000}},
	}}}
	for _, tc := range []struct {
		name string
		view slack.View
		want string
	}{
		{"duration", slack.View{}, BlockEnd},
		{"picker", picked, BlockEndAt},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := boostErrors(refusal, tc.view)
			if _, ok := errs[tc.want]; !ok || len(errs) != 1 {
				t.Fatalf("errors %v, want only %s", errs, tc.want)
			}
		})
	}
}
