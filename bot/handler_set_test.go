package bot

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestParseSet(t *testing.T) {
	tests := []struct {
		text string
		want Command
		bad  string // in the usage error; "" when accepted
	}{
		{text: "set analytics-etl on-demand too big", want: Command{Kind: KindSet, Namespace: "analytics-etl", OnDemand: true, Reason: "too big"}},
		{text: "SET Payments.Demo42 4 TRUs steady load", want: Command{Kind: KindSet, Namespace: "payments.demo42", TRUs: 4, Reason: "steady load"}},
		{text: "set payments 2.5", want: Command{Kind: KindSet, Namespace: "payments", TRUs: 2.5}},
		{text: "set payments OnDemand", want: Command{Kind: KindSet, Namespace: "payments", OnDemand: true}},
		{text: "set", bad: "Which namespace?"},
		{text: "set payments", bad: "What should payments keep?"},
		{text: "set payments lots", bad: `"lots" is not a number of TRUs`},
		{text: "set payments 0", bad: "must be above 0"},
		{text: "set payments 4 for 2h", bad: "has no end"},
		{text: "set payments 4 ping <!here>", bad: "may not mention"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := Parse(tt.text, parseNow)
			if tt.bad != "" {
				var ue *UsageError
				if !errors.As(err, &ue) || !strings.Contains(ue.Error(), tt.bad) || !strings.Contains(ue.Error(), setUsage) {
					t.Fatalf("error %v, want a usage error with %q and the set usage", err, tt.bad)
				}
				return
			}
			if err != nil || got.Kind != tt.want.Kind || got.Namespace != tt.want.Namespace || got.TRUs != tt.want.TRUs ||
				got.OnDemand != tt.want.OnDemand || got.Reason != tt.want.Reason {
				t.Fatalf("got %+v, %v; want %+v", got, err, tt.want)
			}
			if !got.Changes() {
				t.Error("set does not count as a change (it must be authorized)")
			}
		})
	}
}

func TestHandleSet(t *testing.T) {
	f := newFixture(t, nil)
	f.cloud.capacity["orders.demo42"] = clients.NamespaceCapacity{Namespace: "orders.demo42", Current: clients.Provisioned(8), ResourceVersion: "v1"}
	r := f.h.Handle(context.Background(), boss, "set orders.demo42 on-demand too big")
	if r.Refused || !strings.Contains(r.Text, "Permanent change of orders.demo42 to on-demand started") {
		t.Fatalf("reply %+v", r)
	}
	starts := f.engine.Starts()
	if len(starts) != 1 {
		t.Fatalf("%d starts, want 1", len(starts))
	}
	req := starts[0]
	if !req.Permanent || !req.OnDemand || req.TRUs != 0 || !req.End.IsZero() || !req.Start.IsZero() ||
		req.Reason != "too big" || req.Requester != "U1" || req.Channel != "C1" {
		t.Errorf("started %+v, want a permanent change to on-demand with no end", req)
	}
	if got := commandCount(t, f.metrics, "set", outcomeOK); got != 1 {
		t.Errorf("set counted %v times", got)
	}
}

func TestHandleSetRefused(t *testing.T) {
	tests := []struct {
		name   string
		caller Caller
		text   string
		setup  func(f *handlerFixture)
		want   string
	}{
		{"not allowed", Caller{UserID: "U2", ChannelID: "C1"}, "set payments 4", nil, "may not change capacity"},
		{"denied namespace", boss, "set secret 4", nil, "not a namespace this bot may change"},
		{"invalid TRUs", boss, "set payments 5", nil, "Change refused: 5 TRUs is not a valid value"},
		{"above MAX_TRUS", boss, "set payments 10", nil, "at most 8 TRUs"},
		{"already on-demand", boss, "set payments on-demand", nil, "already on-demand"},
		{"a boost runs", boss, "set payments 2", func(f *handlerFixture) { f.running("payments.demo42", 6, handlerNow.Add(3600e9)) },
			"A boost of payments.demo42 is already running"},
		{"dry run", boss, "set payments 4", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, nil)
			if tt.name == "dry run" {
				f = newFixture(t, func(o *HandlerOptions) { o.Policy.DryRun = true })
			}
			if tt.setup != nil {
				tt.setup(f)
			}
			r := f.h.Handle(context.Background(), tt.caller, tt.text)
			if tt.want == "" {
				starts := f.engine.Starts()
				if len(starts) != 1 || !starts[0].DryRun || !strings.HasPrefix(r.Text, "Dry run (nothing will change): Permanent change") {
					t.Fatalf("dry run: reply %q, starts %+v", r.Text, starts)
				}
				return
			}
			if !r.Refused || !strings.Contains(r.Text, tt.want) {
				t.Fatalf("reply %q, want refused with %q", r.Text, tt.want)
			}
			if n := len(f.engine.Starts()); n != 0 {
				t.Errorf("%d workflows started on a refusal", n)
			}
		})
	}
}

func TestReportRowWordsAndSetCommand(t *testing.T) {
	row := workflows.ReportRow{Namespace: "analytics-etl.demo42", Current: clients.Provisioned(8), Recommended: clients.OnDemand(), Action: workflows.ActionSwitchOnDemand}
	if got, want := SetCommand(row, parseNow), "/capacity set analytics-etl.demo42 on-demand from the capacity report of 2026-11-26 18:00 UTC"; got != want {
		t.Errorf("SetCommand %q, want %q", got, want)
	}
	add := workflows.ReportRow{Namespace: "orders", Recommended: clients.Provisioned(3), Action: workflows.ActionAdd}
	if got := SetCommand(add, parseNow); !strings.HasPrefix(got, "/capacity set orders 3 from") {
		t.Errorf("SetCommand %q", got)
	}
	for _, r := range []workflows.ReportRow{
		{Namespace: "keep", Recommended: clients.OnDemand(), Action: workflows.ActionKeep},
		{Namespace: "err", Recommended: clients.OnDemand(), Action: workflows.ActionSwitchOnDemand, Error: "denied"},
	} {
		if got := SetCommand(r, parseNow); got != "" {
			t.Errorf("SetCommand(%s) %q, want none", r.Namespace, got)
		}
	}
	st := workflows.BoostStatus{Request: workflows.BoostRequest{Requester: "U1", Permanent: true}, Phase: workflows.PhaseDone, Verified: true, Target: clients.OnDemand()}
	if got, want := ReportRowWords(st, "14:05"), "applied by <@U1> at 14:05: now on-demand (verified)"; got != want {
		t.Errorf("ReportRowWords %q, want %q", got, want)
	}
}
