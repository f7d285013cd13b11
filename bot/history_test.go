package bot

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// fakeHistory answers History with a fixed list and records the query.
type fakeHistory struct {
	list  HistoryList
	asked []HistoryQuery
}

func (f *fakeHistory) History(_ context.Context, q HistoryQuery) (HistoryList, error) {
	f.asked = append(f.asked, q)
	return f.list, nil
}

// historyRuns are five runs ending before handlerNow: a refused boost, one
// reverted early, a scheduled one done, one still running and a permanent
// change.
func historyRuns() []HistoryRun {
	at := func(d time.Duration) time.Time { return handlerNow.Add(-d) }
	req := func(ns string, trus float64, who string) workflows.BoostRequest {
		return workflows.BoostRequest{Namespace: ns, TRUs: trus, Requester: who, Channel: "C1"}
	}
	return []HistoryRun{
		{Status: workflows.BoostStatus{Request: req("payments.demo42", 10, "U1"), Phase: workflows.PhaseRefused,
			Before: clients.OnDemand(), Target: clients.Provisioned(10), EndedAt: at(5 * time.Hour)},
			WorkflowStart: at(5 * time.Hour), WorkflowClose: at(5 * time.Hour)},
		{Status: workflows.BoostStatus{Request: req("orders.demo42", 6, "U2"), Phase: workflows.PhaseDone, Verified: true,
			Before: clients.Provisioned(2), Target: clients.Provisioned(6), StartedAt: at(4 * time.Hour), EndedAt: at(3*time.Hour + 30*time.Minute),
			EndReason: workflows.EndRevertedEarly, EndedBy: "U2"}, WorkflowStart: at(4 * time.Hour), WorkflowClose: at(3*time.Hour + 29*time.Minute)},
		{Status: workflows.BoostStatus{Request: req("payments.demo42", 4, "U1"), Phase: workflows.PhaseDone, Verified: true,
			Before: clients.OnDemand(), Target: clients.Provisioned(4), StartedAt: at(3 * time.Hour), EndedAt: at(time.Hour),
			EndReason: workflows.EndTimeReached}, Scheduled: true, WorkflowStart: at(3 * time.Hour), WorkflowClose: at(time.Hour)},
		{Status: workflows.BoostStatus{Request: req("search.demo42", 3, "U3"), Phase: workflows.PhaseActive, Verified: true,
			Before: clients.OnDemand(), Target: clients.Provisioned(3), StartedAt: at(time.Hour)}, Running: true, WorkflowStart: at(time.Hour)},
		{Status: workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "orders.demo42", OnDemand: true, Permanent: true, Requester: "U2"},
			Phase: workflows.PhaseDone, Verified: true, Before: clients.Provisioned(2), Target: clients.OnDemand(),
			StartedAt: at(30 * time.Minute), EndedAt: at(29 * time.Minute)}, WorkflowStart: at(30 * time.Minute), WorkflowClose: at(29 * time.Minute)},
	}
}

// TestHistoryRows checks each row's outcome, hours, TRU-hours (and the part
// above the capacity before), cost floor and money, at $50 per million.
func TestHistoryRows(t *testing.T) {
	const price = 50
	runs := historyRuns()
	tests := []struct {
		name                     string
		run                      HistoryRun
		outcome                  HistoryOutcome
		held                     time.Duration
		truHours, above, actions float64
	}{
		{"refused: never held", runs[0], OutcomeRefused, 0, 0, 0, 0},
		{"reverted early after 30m, 2 → 6", runs[1], OutcomeRevertedEarly, 30 * time.Minute, 3, 2, 5 * 360_000 * 0.5},
		{"scheduled, done after 2h, on-demand → 4", runs[2], OutcomeDone, 2 * time.Hour, 8, 8, 3 * 360_000 * 2},
		{"running for 1h so far", runs[3], OutcomeRunning, time.Hour, 3, 3, 2 * 360_000},
		{"permanent: no hours", runs[4], OutcomePermanent, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := historyRow(tt.run, handlerNow, price)
			if r.Outcome != tt.outcome || r.Held != tt.held {
				t.Errorf("outcome %s held %s, want %s %s", r.Outcome, r.Held, tt.outcome, tt.held)
			}
			if !near(r.TRUHours, tt.truHours) || !near(r.TRUHoursAbove, tt.above) || !near(r.MinActions, tt.actions) {
				t.Errorf("TRU-hours %v (above %v), min actions %v; want %v (%v), %v", r.TRUHours, r.TRUHoursAbove, r.MinActions, tt.truHours, tt.above, tt.actions)
			}
			if !near(r.Money, tt.actions/1e6*price) {
				t.Errorf("money %v, want %v", r.Money, tt.actions/1e6*price)
			}
			if r.Approver != "" {
				t.Errorf("approver %q of a boost that needed no approval", r.Approver)
			}
		})
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }

// TestHistoryCommand runs /capacity history through the handler: the query
// (glob, since), the totals per namespace and overall, and the reply,
// compared with testdata/history_reply.golden.
func TestHistoryCommand(t *testing.T) {
	fh := &fakeHistory{list: HistoryList{Runs: historyRuns(), Retention: 90 * 24 * time.Hour, SearchAttributes: true}}
	f := newFixture(t, func(o *HandlerOptions) {
		o.History = fh
		o.Policy.ActionPricePerMillion = 50
	})
	r := f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "history * since 7d")
	if r.Refused || r.Kind != ReplyHistory || r.History == nil || !r.InChannel {
		t.Fatalf("reply %+v, want a history in the channel", r)
	}
	if len(fh.asked) != 1 || fh.asked[0].Glob != "*" || !fh.asked[0].Since.Equal(handlerNow.Add(-7*24*time.Hour)) {
		t.Errorf("asked %+v, want glob * since 7 days back", fh.asked)
	}
	h := r.History
	if len(h.Rows) != 5 || h.Rows[0].Namespace != "orders.demo42" || !h.Rows[0].Permanent {
		t.Fatalf("rows %+v, want 5, newest (the permanent change) first", h.Rows)
	}
	if h.Total.Runs != 5 || !near(h.Total.TRUHours, 14) || !near(h.Total.TRUHoursAbove, 13) || !near(h.Total.MinActions, 3_780_000) || !near(h.Total.Money, 189) {
		t.Errorf("total %+v, want 5 runs, 14 TRU-hours (13 above), 3.78M actions, $189", h.Total)
	}
	if len(h.PerNamespace) != 3 || h.PerNamespace[1].Namespace != "payments.demo42" || !near(h.PerNamespace[1].TRUHours, 8) {
		t.Errorf("per namespace %+v, want orders, payments (8 TRU-hours), search", h.PerNamespace)
	}
	golden(t, "history_reply", r.Text)

	fh.list.Retention = 3 * 24 * time.Hour
	fh.list.SearchAttributes = false
	r = f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "history")
	golden(t, "history_reply_short_retention", r.Text)
}

func TestParseHistory(t *testing.T) {
	tests := []struct {
		text  string
		glob  string
		since time.Duration
		bad   bool
	}{
		{"history", "", DefaultHistorySince, false},
		{"history payments-*", "payments-*", DefaultHistorySince, false},
		{"history since 7d", "", 7 * 24 * time.Hour, false},
		{"history orders since 12h", "orders", 12 * time.Hour, false},
		{"history since", "", 0, true},
		{"history a b", "", 0, true},
		{"history Pay[", "", 0, true},
	}
	for _, tt := range tests {
		c, err := Parse(tt.text, handlerNow)
		if (err != nil) != tt.bad {
			t.Errorf("%q: err %v, want error %v", tt.text, err, tt.bad)
			continue
		}
		if tt.bad {
			continue
		}
		glob := ""
		if len(c.Globs) > 0 {
			glob = c.Globs[0]
		}
		if c.Kind != KindHistory || glob != tt.glob || c.Since != tt.since {
			t.Errorf("%q: %+v, want glob %q since %s", tt.text, c, tt.glob, tt.since)
		}
	}
}

// TestHomeMonthTotal: the App Home adds up the boosts started this calendar
// month, asking the history from the first of the month (UTC).
func TestHomeMonthTotal(t *testing.T) {
	fh := &fakeHistory{list: HistoryList{Runs: historyRuns()}}
	f := newFixture(t, func(o *HandlerOptions) {
		o.History = fh
		o.Policy.ActionPricePerMillion = 50
	})
	home := f.h.Home(context.Background())
	if home.Month == nil || home.Month.Runs != 5 || !near(home.Month.Money, 189) {
		t.Fatalf("month %+v, want 5 runs costing $189", home.Month)
	}
	if want := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC); len(fh.asked) != 1 || !fh.asked[0].Since.Equal(want) {
		t.Errorf("asked %+v, want since %s", fh.asked, want)
	}
	if got := MonthText(*home.Month, home.Price); got != "This month: 5 runs, 14 TRU-hours (13 above before), at least 3.78M actions ≈ $189.00" {
		t.Errorf("month text %q", got)
	}
}

// TestHistoryQuery: the visibility query names the boost workflow type and
// the start of the period; with the search attributes a glob's literal
// prefix narrows it, keeping the runs started without them.
func TestHistoryQuery(t *testing.T) {
	since := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	base := "WorkflowType = 'CapacityBoost' AND StartTime >= '2026-11-01T00:00:00Z'"
	tests := []struct {
		glob  string
		attrs bool
		want  string
	}{
		{"", true, base},
		{"pay*", false, base},
		{"pay*", true, base + " AND (CapacityNamespace STARTS_WITH 'pay' OR CapacityNamespace IS NULL)"},
		{"payments.demo42", true, base + " AND (CapacityNamespace STARTS_WITH 'payments.demo42' OR CapacityNamespace IS NULL)"},
		{"*-prod", true, base},
	}
	for _, tt := range tests {
		if got := historyQuery(HistoryQuery{Glob: tt.glob, Since: since}, tt.attrs); got != tt.want {
			t.Errorf("glob %q attrs %v:\n got %s\nwant %s", tt.glob, tt.attrs, got, tt.want)
		}
	}
}

// TestHistoryRowApprover: the approver of a granted approval, or of the
// schedule a run came from; nobody for a denied one.
func TestHistoryRowApprover(t *testing.T) {
	granted := &workflows.Approval{Decision: workflows.ApprovalGranted, DecidedBy: "UAPPROVER"}
	denied := &workflows.Approval{Decision: workflows.ApprovalDenied, DecidedBy: "UDENIER"}
	for _, tt := range []struct {
		name string
		st   workflows.BoostStatus
		want string
	}{
		{"approved", workflows.BoostStatus{Approval: granted}, "UAPPROVER"},
		{"denied", workflows.BoostStatus{Approval: denied}, ""},
		{"scheduled run", workflows.BoostStatus{Request: workflows.BoostRequest{ApprovedBy: "USCHED"}}, "USCHED"},
		{"no approval", workflows.BoostStatus{}, ""},
	} {
		if got := historyRow(HistoryRun{Status: tt.st}, handlerNow, 0).Approver; got != tt.want {
			t.Errorf("%s: approver %q, want %q", tt.name, got, tt.want)
		}
	}
}
