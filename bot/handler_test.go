package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

var handlerNow = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

type handlerFixture struct {
	h       *Handler
	engine  *bottest.Engine
	cloud   *fakeCloud
	metrics *telemetry.Metrics
	logs    *observer.ObservedLogs
}

func newFixture(t *testing.T, mutate func(*HandlerOptions)) *handlerFixture {
	t.Helper()
	core, logs := observer.New(zap.InfoLevel)
	f := &handlerFixture{engine: newFakeEngine(), cloud: newFakeCloud(), metrics: telemetry.New(), logs: logs}
	clock := func() time.Time { return handlerNow }
	o := HandlerOptions{
		Engine: f.engine,
		Cloud:  f.cloud,
		Auth:   NewAuthorizer([]string{"U1"}, nil, []string{"C1", "C2"}, nil, time.Minute, clock),
		Policy: workflows.Policy{
			Filter:      capacity.NamespaceFilter{Deny: []string{"secret"}},
			MaxTRUs:     8,
			MaxDuration: 24 * time.Hour,
			MaxLead:     31 * 24 * time.Hour,
		},
		DefaultDuration: 2 * time.Hour,
		Now:             clock,
		Logger:          zap.New(core),
		Metrics:         f.metrics,
	}
	if mutate != nil {
		mutate(&o)
	}
	f.h = NewHandler(o)
	return f
}

// commandCount reads the commands counter for one command and outcome.
func commandCount(t *testing.T, m *telemetry.Metrics, command, outcome string) float64 {
	t.Helper()
	var out dto.Metric
	if err := m.Commands.WithLabelValues(command, outcome).Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.GetCounter().GetValue()
}

var boss = Caller{UserID: "U1", UserName: "alice", ChannelID: "C1", RequestKey: "trigger-1"}

func (f *handlerFixture) running(ns string, trus float64, end time.Time) {
	f.engine.SetRunning(workflows.BoostStatus{
		Request:   workflows.BoostRequest{Namespace: ns, TRUs: trus, Requester: "U1", Channel: "C1", Reason: "launch"},
		Phase:     workflows.PhaseActive,
		Before:    clients.OnDemand(),
		Target:    clients.Provisioned(trus),
		End:       end,
		StartedAt: handlerNow.Add(-time.Hour),
	})
}

func TestHandleRefusalsStartNothing(t *testing.T) {
	tests := []struct {
		name    string
		caller  Caller
		text    string
		setup   func(*handlerFixture)
		want    string
		outcome string
	}{
		{"channel not allowed", Caller{UserID: "U1", ChannelID: "C9"}, "analyze", nil, "channels a workspace admin chose", outcomeDenied},
		{"bad input", boss, "boost payments -1", nil, "above 0", outcomeUsage},
		{"unknown command", boss, "launch", nil, "Unknown command", outcomeUsage},
		{"not a boost user", Caller{UserID: "U2", ChannelID: "C1"}, "boost payments 4", nil, "ask a workspace admin to add you to the bot's boost users or groups", outcomeDenied},
		{"not a boost user extends", Caller{UserID: "U2", ChannelID: "C1"}, "extend payments 1h", nil, "may not change capacity", outcomeDenied},
		{"not a boost user reverts", Caller{UserID: "U2", ChannelID: "C1"}, "revert payments", nil, "may not change capacity", outcomeDenied},
		{"not a boost user opens the modal", Caller{UserID: "U2", ChannelID: "C1"}, "boost", nil, "may not change capacity", outcomeDenied},
		{"unknown namespace", boss, "boost paymnts 4", nil, "did you mean payments.demo42", outcomeRefused},
		{"ambiguous name", boss, "boost orders 4", nil, "orders.demo42, orders.other7", outcomeRefused},
		{"denied namespace", boss, "boost secret 4", nil, "not a namespace this bot may change; a workspace admin chooses", outcomeRefused},
		{"invalid TRUs", boss, "boost payments 5", nil, "not a valid value", outcomeRefused},
		{"over MAX_TRUS", boss, "boost payments 10", nil, "at most 8 TRUs", outcomeRefused},
		{"over MAX_BOOST_DURATION", boss, "boost payments 4 for 2d", nil, "may last at most 1d", outcomeRefused},
		{"request in progress", boss, "boost payments 4", func(f *handlerFixture) {
			c := f.cloud.capacity["payments.demo42"]
			c.LatestRequest = &clients.CapacityRequest{State: clients.RequestInProgress}
			f.cloud.capacity["payments.demo42"] = c
		}, "in progress", outcomeRefused},
		{"schedule without a window", boss, "schedule create payments 4 daily", nil, "needs a namespace, TRUs, days and a time window", outcomeUsage},
		{"analyze matches nothing", boss, "analyze nothing-*", nil, "nothing to analyze", outcomeRefused},
		{"extend with no boost", boss, "extend payments.demo42 1h", nil, "No boost is running", outcomeRefused},
		{"revert with no boost", boss, "revert payments", nil, "No boost is running", outcomeRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			if tt.setup != nil {
				tt.setup(f)
			}
			r := f.h.Handle(context.Background(), tt.caller, tt.text)
			if !r.Refused {
				t.Fatalf("reply %q not marked refused", r.Text)
			}
			if !strings.Contains(r.Text, tt.want) {
				t.Fatalf("reply %q does not contain %q", r.Text, tt.want)
			}
			if r.OpenModal {
				t.Fatal("a refusal opened the modal")
			}
			if f.engine.Changed() {
				t.Fatalf("a refused command reached the engine: %+v", f.engine)
			}
			if got := f.logs.FilterField(zap.String("outcome", tt.outcome)).Len(); got != 1 {
				t.Fatalf("audit log lines with outcome %s = %d; logs: %v", tt.outcome, got, f.logs.All())
			}
			assertNoSettingNames(t, r.Text)
			if want, ok := loggedSettings[tt.name]; ok {
				line := f.logs.All()[0].ContextMap()
				if s, _ := line["settings"].(string); !strings.Contains(s, want) {
					t.Errorf("audit log settings %q, want the setting %s named there", s, want)
				}
			}
		})
	}
}

// loggedSettings are the settings the audit log names for a refusal of
// TestHandleRefusalsStartNothing; the reply itself names none.
var loggedSettings = map[string]string{
	"channel not allowed":     "SLACK_ALLOWED_CHANNELS",
	"not a boost user":        "SLACK_BOOST_USERS",
	"denied namespace":        "NAMESPACE_DENYLIST",
	"over MAX_TRUS":           "MAX_TRUS",
	"over MAX_BOOST_DURATION": "MAX_BOOST_DURATION",
}

func TestHandleHelp(t *testing.T) {
	f := newFixture(t, nil)
	for _, text := range []string{"", "help"} {
		r := f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, text)
		if r.Refused || r.Text != Usage() {
			t.Fatalf("help(%q) = %+v", text, r)
		}
	}
}

func TestHandleAnalyze(t *testing.T) {
	f := newFixture(t, nil)
	c := Caller{UserID: "U9", ChannelID: "C2", RequestKey: "trig"}
	r := f.h.Handle(context.Background(), c, "analyze orders*")
	if r.Refused || r.Text != "Analyzing 2 namespaces… the report will be posted here." {
		t.Fatalf("reply %+v", r)
	}
	if r.WorkflowID != workflows.AnalysisWorkflowID("C2", "trig") {
		t.Fatalf("reply workflow %q", r.WorkflowID)
	}
	req, ok := f.engine.Analyses()[workflows.AnalysisWorkflowID("C2", "trig")]
	if !ok {
		t.Fatalf("analysis not started with the request-derived ID: %v", f.engine.Calls())
	}
	if !req.Post || req.Channel != "C2" || req.Requester != "U9" || len(req.Globs) != 1 || req.Globs[0] != "orders*" {
		t.Fatalf("analysis request %+v", req)
	}
	// All namespaces but the denied one.
	r = f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C2", RequestKey: "trig2"}, "analyze")
	if !strings.HasPrefix(r.Text, "Analyzing 4 namespaces") {
		t.Fatalf("reply %q", r.Text)
	}
	// A redelivered envelope starts nothing twice.
	r = f.h.Handle(context.Background(), c, "analyze orders*")
	if !strings.Contains(r.Text, "already running") || len(f.engine.Analyses()) != 2 || r.WorkflowID != "" {
		t.Fatalf("redelivery: %q, %d analyses", r.Text, len(f.engine.Analyses()))
	}
	if got := commandCount(t, f.metrics, "analyze", "ok"); got != 3 {
		t.Fatalf("analyze/ok count = %v", got)
	}
}

func TestHandleBoostOneLiner(t *testing.T) {
	tests := []struct {
		text    string
		wantNS  string
		wantEnd time.Time
		want    string
	}{
		{"boost payments 4 for 3h Black Friday", "payments.demo42", handlerNow.Add(3 * time.Hour), "Boost of payments.demo42 to 4 TRUs started until 21:00 UTC"},
		{"boost payments.demo42 4 until 2026-11-27 09:30", "payments.demo42", time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC), "until Fri 27 Nov 09:30 UTC"},
		{"boost payments 4", "payments.demo42", handlerNow.Add(2 * time.Hour), "the default of 2h applies"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			f := newFixture(t, nil)
			r := f.h.Handle(context.Background(), boss, tt.text)
			if r.Refused || !strings.Contains(r.Text, tt.want) {
				t.Fatalf("reply %+v, want %q", r, tt.want)
			}
			if len(f.engine.Starts()) != 1 {
				t.Fatalf("starts = %d", len(f.engine.Starts()))
			}
			req := f.engine.Starts()[0]
			if req.Namespace != tt.wantNS || req.TRUs != 4 || !req.End.Equal(tt.wantEnd) || req.Requester != "U1" || req.Channel != "C1" {
				t.Fatalf("request %+v", req)
			}
			if len(r.Status) != 1 || r.WorkflowID != "capacity-boost-"+tt.wantNS {
				t.Fatalf("reply carries %d statuses, workflow %q", len(r.Status), r.WorkflowID)
			}
		})
	}
}

func TestHandleBoostAlreadyRunning(t *testing.T) {
	f := newFixture(t, nil)
	f.running("payments.demo42", 6, handlerNow.Add(time.Hour))
	r := f.h.Handle(context.Background(), boss, "boost payments 4")
	if !r.Refused || !strings.Contains(r.Text, "already running") || !strings.Contains(r.Text, "6 TRUs") || len(r.Status) != 1 {
		t.Fatalf("reply %+v", r)
	}
	if len(f.engine.Starts()) != 0 {
		t.Fatal("a second boost was started")
	}
	if got := commandCount(t, f.metrics, "boost", outcomeRunning); got != 1 {
		t.Fatalf("metric = %v", got)
	}
}

func TestHandleBoostDryRunAndSimulated(t *testing.T) {
	f := newFixture(t, func(o *HandlerOptions) { o.Policy.DryRun = true; o.Simulated = true })
	r := f.h.Handle(context.Background(), boss, "boost payments 4 for 1h")
	if !strings.HasPrefix(r.Text, "[SIMULATED] Dry run") {
		t.Fatalf("reply %q", r.Text)
	}
	if len(f.engine.Starts()) != 1 || !f.engine.Starts()[0].DryRun {
		t.Fatalf("starts %+v", f.engine.Starts())
	}
}

func TestHandleBoostErrors(t *testing.T) {
	f := newFixture(t, nil)
	f.cloud.err = errors.New("unavailable")
	r := f.h.Handle(context.Background(), boss, "boost payments 4")
	if r.Refused || !strings.Contains(r.Text, "Could not start the boost") || f.engine.Changed() {
		t.Fatalf("reply %+v", r)
	}
	if f.logs.FilterField(zap.String("outcome", outcomeError)).Len() != 1 {
		t.Fatal("the error was not logged once")
	}
}

func TestHandleModal(t *testing.T) {
	f := newFixture(t, nil)
	r := f.h.Handle(context.Background(), boss, "boost")
	if !r.OpenModal || r.Refused || f.engine.Changed() {
		t.Fatalf("reply %+v", r)
	}
}

func TestBoostFromModal(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	end := handlerNow.Add(4 * time.Hour)
	st, err := f.h.Boost(ctx, boss, workflows.BoostRequest{Namespace: "search", TRUs: 3, End: end, Channel: "C2", Requester: "forged"})
	if err != nil {
		t.Fatal(err)
	}
	if st.Request.Namespace != "search.demo42" || st.Request.Requester != "U1" || st.Request.Channel != "C2" {
		t.Fatalf("status %+v", st.Request)
	}

	if r := f.h.BoostReply(st.Request, st, nil); r.Text != "Boost of search.demo42 to 3 TRUs started until 22:00 UTC; follow the thread in this channel. Cost floor: 720K actions/h." {
		t.Fatalf("reply %q", r.Text)
	}
	later, err := f.h.Boost(ctx, boss, workflows.BoostRequest{Namespace: "orders.demo42", TRUs: 3, Start: handlerNow.Add(time.Hour), End: end})
	if err != nil {
		t.Fatal(err)
	}
	if r := f.h.BoostReply(later.Request, later, nil); !strings.Contains(r.Text, "it applies at 19:00 UTC and lasts until 22:00 UTC") {
		t.Fatalf("reply %q", r.Text)
	}

	var refusal *workflows.RefusalError
	_, err = f.h.Boost(ctx, boss, workflows.BoostRequest{Namespace: "payments", TRUs: 3, Channel: "C9"})
	if !errors.As(err, &refusal) || !strings.Contains(refusal.Message, "channels a workspace admin chose") || refusal.Settings != "SLACK_ALLOWED_CHANNELS" {
		t.Fatalf("channel: %v", err)
	}
	assertNoSettingNames(t, refusal.Message)
	_, err = f.h.Boost(ctx, Caller{UserID: "U2"}, workflows.BoostRequest{Namespace: "payments", TRUs: 3, Channel: "C1"})
	if !errors.As(err, &refusal) || refusal.Field != "" || !strings.Contains(refusal.Message, "may not change capacity") {
		t.Fatalf("auth: %v", err)
	}
	_, err = f.h.Boost(ctx, boss, workflows.BoostRequest{Namespace: "payments", TRUs: 7})
	if !errors.As(err, &refusal) || refusal.Field != workflows.FieldTRUs {
		t.Fatalf("TRUs: %v", err)
	}
	_, err = f.h.Boost(ctx, boss, workflows.BoostRequest{Namespace: "nope", TRUs: 4})
	if !errors.As(err, &refusal) || refusal.Field != workflows.FieldNamespace {
		t.Fatalf("namespace: %v", err)
	}
	var running *BoostRunningError
	_, err = f.h.Boost(ctx, boss, workflows.BoostRequest{Namespace: "search.demo42", TRUs: 4})
	if !errors.As(err, &running) || running.Status.Request.Namespace != "search.demo42" {
		t.Fatalf("running: %v", err)
	}
	if len(f.engine.Starts()) != 2 {
		t.Fatalf("starts = %d, want only the first two", len(f.engine.Starts()))
	}
}

func TestHandleStatus(t *testing.T) {
	f := newFixture(t, nil)
	r := f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status")
	if r.Text != "No boosts are running." || r.Refused {
		t.Fatalf("reply %+v", r)
	}
	f.running("payments.demo42", 4, handlerNow.Add(90*time.Minute))
	f.running("search.demo42", 6, handlerNow.Add(26*time.Hour))
	r = f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status")
	want := "2 boosts running:\n" +
		"• payments.demo42: 4 TRUs (from on-demand) — active until 19:30 UTC, by <@U1>: launch\n" +
		"• search.demo42: 6 TRUs (from on-demand) — active until Fri 27 Nov 20:00 UTC, by <@U1>: launch"
	if r.Text != want || len(r.Status) != 2 {
		t.Fatalf("reply\n%s\nwant\n%s", r.Text, want)
	}
	r = f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status payments")
	if !strings.HasPrefix(r.Text, "payments.demo42: 4 TRUs") || len(r.Status) != 1 {
		t.Fatalf("reply %+v", r)
	}
	r = f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status orders.demo42")
	if r.Refused || !strings.Contains(r.Text, "No boost is running for orders.demo42") {
		t.Fatalf("reply %+v", r)
	}
}

func TestHandleExtend(t *testing.T) {
	f := newFixture(t, nil)
	f.running("payments.demo42", 4, handlerNow.Add(time.Hour))
	r := f.h.Handle(context.Background(), boss, "extend payments 2h")
	if r.Refused || r.Text != "The boost of payments.demo42 now ends at 21:00 UTC." {
		t.Fatalf("reply %+v", r)
	}
	if len(f.engine.Extends()) != 1 || !f.engine.Extends()[0].NewEnd.Equal(handlerNow.Add(3*time.Hour)) || f.engine.Extends()[0].Requester != "U1" {
		t.Fatalf("extends %+v", f.engine.Extends())
	}
	// Beyond MAX_BOOST_DURATION (24h from the start an hour ago).
	r = f.h.Handle(context.Background(), boss, "extend payments 1d")
	if !r.Refused || !strings.Contains(r.Text, "A boost may last at most 1d") || len(f.engine.Extends()) != 1 {
		t.Fatalf("reply %+v", r)
	}
	assertNoSettingNames(t, r.Text)
	// The workflow's own rejection goes back to the user.
	f.engine.SetRejection("the boost is already reverting")
	r = f.h.Extend(context.Background(), boss, "payments.demo42", time.Hour)
	if !r.Refused || !strings.Contains(r.Text, "the boost is already reverting") {
		t.Fatalf("reply %+v", r)
	}
	// Buttons check the clicker.
	r = f.h.Extend(context.Background(), Caller{UserID: "U7", ChannelID: "C1"}, "payments.demo42", time.Hour)
	if !r.Refused || !strings.Contains(r.Text, "may not change capacity") {
		t.Fatalf("reply %+v", r)
	}
	assertNoSettingNames(t, r.Text)
}

func TestHandleRevert(t *testing.T) {
	f := newFixture(t, nil)
	f.running("payments.demo42", 4, handlerNow.Add(time.Hour))
	r := f.h.Revert(context.Background(), Caller{UserID: "U7", ChannelID: "C1"}, "payments.demo42")
	if !r.Refused || len(f.engine.Reverts()) != 0 {
		t.Fatalf("unauthorized revert: %+v", r)
	}
	r = f.h.Handle(context.Background(), boss, "revert payments")
	if r.Refused || r.Text != "Reverting payments.demo42 to on-demand now; follow the thread." {
		t.Fatalf("reply %+v", r)
	}
	if len(f.engine.Reverts()) != 1 || f.engine.Reverts()[0].Requester != "U1" {
		t.Fatalf("reverts %+v", f.engine.Reverts())
	}
}

// The answers to an outside change: commands and buttons reach the boost
// as decisions, only from people who may change capacity.
func TestHandleExternalChangeDecision(t *testing.T) {
	tests := []struct {
		name     string
		do       func(f *handlerFixture) Reply
		want     workflows.ExternalDecision
		wantText string
	}{
		{"revert anyway command", func(f *handlerFixture) Reply { return f.h.Handle(context.Background(), boss, "revert payments anyway") },
			workflows.DecisionRevertAnyway, "Reverting payments.demo42 to on-demand anyway; follow the thread."},
		{"leave command", func(f *handlerFixture) Reply { return f.h.Handle(context.Background(), boss, "leave payments") },
			workflows.DecisionLeaveAsIs, "Leaving payments.demo42 as it was changed outside the bot; the boost ends without reverting it."},
		{"revert anyway button", func(f *handlerFixture) Reply {
			return f.h.DecideExternalChange(context.Background(), boss, "payments.demo42", workflows.DecisionRevertAnyway)
		}, workflows.DecisionRevertAnyway, "Reverting payments.demo42 to on-demand anyway; follow the thread."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			f.running("payments.demo42", 4, handlerNow.Add(time.Hour))
			r := tc.do(f)
			if r.Refused || r.Text != tc.wantText {
				t.Fatalf("reply %+v", r)
			}
			if d := f.engine.Decisions(); len(d) != 1 || d[0].Decision != tc.want || d[0].Requester != "U1" {
				t.Fatalf("decisions %+v", d)
			}
		})
	}
	t.Run("refusals", func(t *testing.T) {
		f := newFixture(t, nil)
		f.running("payments.demo42", 4, handlerNow.Add(time.Hour))
		stranger := Caller{UserID: "U7", ChannelID: "C1"}
		for _, r := range []Reply{
			f.h.DecideExternalChange(context.Background(), stranger, "payments.demo42", workflows.DecisionLeaveAsIs),
			f.h.Handle(context.Background(), stranger, "leave payments"),
		} {
			if !r.Refused || !strings.Contains(r.Text, "may not change capacity") {
				t.Errorf("unauthorized decision: %+v", r)
			}
		}
		f.engine.SetRejection("the boost is not waiting for a decision")
		if r := f.h.Handle(context.Background(), boss, "leave payments"); !r.Refused || !strings.Contains(r.Text, "Leave as is refused: the boost is not waiting") {
			t.Errorf("rejected decision: %+v", r)
		}
		if r := f.h.Handle(context.Background(), boss, "leave orders"); !r.Refused || !strings.Contains(r.Text, "No boost is running for orders") {
			t.Errorf("decision without a boost: %+v", r)
		}
		if d := f.engine.Decisions(); len(d) != 0 {
			t.Errorf("decisions %+v, want none", d)
		}
	})
}

func TestNamespaces(t *testing.T) {
	f := newFixture(t, nil)
	got, err := f.h.Namespaces(context.Background(), "DEMO")
	if err != nil {
		t.Fatal(err)
	}
	want := "orders.demo42,payments.demo42,search.demo42"
	if strings.Join(got, ",") != want {
		t.Fatalf("got %v, want %s", got, want)
	}
	f.cloud.namespaces = nil
	for i := range 150 {
		f.cloud.namespaces = append(f.cloud.namespaces, "ns"+strings.Repeat("x", i%3)+string(rune('a'+i%26))+".acct")
	}
	got, _ = f.h.Namespaces(context.Background(), "")
	if len(got) != maxNamespaceOptions {
		t.Fatalf("got %d options, want %d", len(got), maxNamespaceOptions)
	}
	f.cloud.err = errors.New("down")
	if _, err := f.h.Namespaces(context.Background(), ""); err == nil {
		t.Fatal("error swallowed")
	}
}

func TestChoices(t *testing.T) {
	f := newFixture(t, nil)
	info := f.cloud.info["payments.demo42"]
	info.MaxAvailableTRUs = 6
	f.cloud.info["payments.demo42"] = info
	ch, err := f.h.Choices(context.Background(), "payments.demo42")
	if err != nil {
		t.Fatal(err)
	}
	// MaxAvailable 6 and MAX_TRUS 8 cut the list.
	if fmt.Sprint(ch.ValidTRUs) != "[2 3 4 6]" || ch.DefaultDuration != 2*time.Hour || ch.MaxDuration != 24*time.Hour || ch.Current != clients.OnDemand() {
		t.Fatalf("choices %+v", ch)
	}
	f.cloud.err = errors.New("down")
	if _, err := f.h.Choices(context.Background(), "payments.demo42"); err == nil {
		t.Fatal("error swallowed")
	}
}

// The console form's choices are the modal's (capacity.ValidTRUs): before
// they shared one rule, the console offered unsorted, repeated and
// non-positive values as Cloud Ops listed them.
func TestChoicesUseTheModalsRule(t *testing.T) {
	tests := []struct {
		name     string
		listed   []float64
		maxAvail float64
		want     string
	}{
		{"unsorted", []float64{6, 2, 4}, 12, "[2 4 6]"},
		{"repeated", []float64{2, 4, 4, 2}, 12, "[2 4]"},
		{"zero and negative", []float64{0, -3, 4}, 12, "[4]"},
		{"MAX_TRUS 8 and availability cut", []float64{12, 10, 8, 2}, 10, "[2 8]"},
	}
	for _, tc := range tests {
		f := newFixture(t, nil)
		info := f.cloud.info["payments.demo42"]
		info.ValidTRUs, info.MaxAvailableTRUs = tc.listed, tc.maxAvail
		f.cloud.info["payments.demo42"] = info
		ch, err := f.h.Choices(context.Background(), "payments.demo42")
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprint(ch.ValidTRUs); got != tc.want {
			t.Errorf("%s: ValidTRUs = %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestBoostFromModalIsAudited(t *testing.T) {
	f := newFixture(t, nil)
	_, err := f.h.Boost(context.Background(), Caller{UserID: "U2", ChannelID: "C1"}, workflows.BoostRequest{Namespace: "payments", TRUs: 4})
	if err == nil {
		t.Fatal("unauthorized boost accepted")
	}
	if f.logs.FilterField(zap.String("outcome", outcomeRefused)).FilterField(zap.String("user", "U2")).Len() != 1 {
		t.Fatalf("refusal not audited: %v", f.logs.All())
	}
	r := f.h.BoostReply(workflows.BoostRequest{}, workflows.BoostStatus{}, err)
	if !r.Refused || r.Text != "Boost refused: You may not change capacity; ask a workspace admin to add you to the bot's boost users or groups." {
		t.Fatalf("reply %+v", r)
	}
	assertNoSettingNames(t, r.Text)
}

// The help says what time zone each kind of time is in: no blanket "Times
// are UTC." while schedules and scheduled reports take a zone.
func TestHelpSaysWhichTimesTakeAZone(t *testing.T) {
	u := Usage()
	if strings.Contains(u, "Times are UTC") {
		t.Errorf("help claims all times are UTC:\n%s", u)
	}
	for _, line := range strings.Split(u, "\n") {
		if strings.Contains(line, "[time zone]") && !strings.Contains(line, zoneDefault) {
			t.Errorf("help line takes a time zone but does not say its default: %s", line)
		}
	}
	if !strings.Contains(u, "schedules and scheduled reports take a time zone") {
		t.Errorf("help does not say which commands take a time zone:\n%s", u)
	}
}
