package bot

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestParseApproveAndDeny(t *testing.T) {
	tests := []struct {
		text    string
		want    Command
		wantErr string
	}{
		{"approve payments", Command{Kind: KindApprove, Namespace: "payments"}, ""},
		{"APPROVE Payments.Demo42 checked with  finance", Command{Kind: KindApprove, Namespace: "payments.demo42", Reason: "checked with  finance"}, ""},
		{"deny payments not this week", Command{Kind: KindDeny, Namespace: "payments", Reason: "not this week"}, ""},
		{"deny", Command{}, "/capacity deny <namespace>"},
		{"approve payments @here", Command{}, "/capacity approve <namespace>"},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			got, err := Parse(tc.text, parseNow)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Parse(%q) error %v, want one with %q", tc.text, err, tc.wantErr)
				}
				return
			}
			if err != nil || got.Kind != tc.want.Kind || got.Namespace != tc.want.Namespace || got.Reason != tc.want.Reason {
				t.Fatalf("Parse(%q) = %+v, %v; want %+v", tc.text, got, err, tc.want)
			}
			if got.BoostersOnly() {
				t.Errorf("%s is for boosters only; approvers need not be boosters", got.Kind)
			}
		})
	}
}

// awaitingApproval puts a boost of ns waiting for approval, requested by U1.
func (f *handlerFixture) awaitingApproval(ns string) {
	f.engine.SetRunning(workflows.BoostStatus{
		Request: workflows.BoostRequest{Namespace: ns, TRUs: 10, Requester: "U1", Channel: "C1"},
		Phase:   workflows.PhaseAwaitingApproval, Before: clients.OnDemand(), Target: clients.Provisioned(10),
		Approval: &workflows.Approval{Why: "more than 6 TRUs", Requester: "U1", Requested: handlerNow, Expires: handlerNow.Add(time.Hour)},
	})
}

func TestHandleApproveAndDeny(t *testing.T) {
	approver := Caller{UserID: "U7", ChannelID: "C1"} // no booster
	tests := []struct {
		name      string
		text      string
		caller    Caller
		waiting   bool
		rejection string // the workflow's refusal
		want      string
		refused   bool
		answered  bool
	}{
		{name: "approve", text: "approve payments.demo42 checked", caller: approver, waiting: true,
			want: "Approved the boost of payments.demo42", answered: true},
		{name: "deny", text: "deny payments.demo42", caller: approver, waiting: true,
			want: "Denied the boost of payments.demo42; nothing is changed", answered: true},
		{name: "nothing waiting", text: "approve payments.demo42", caller: approver,
			want: "No boost is running for payments.demo42", refused: true},
		{name: "refused by the workflow", text: "approve payments.demo42", caller: approver, waiting: true,
			rejection: "You asked for this, so you cannot approve it", want: "Approve refused: You asked for this", refused: true},
		{name: "channel not allowed", text: "approve payments.demo42", caller: Caller{UserID: "U7", ChannelID: "C9"}, waiting: true,
			want: "channels", refused: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			if tc.waiting {
				f.awaitingApproval("payments.demo42")
			}
			if tc.rejection != "" {
				f.engine.SetRejection(tc.rejection)
			}
			r := f.h.Handle(context.Background(), tc.caller, tc.text)
			if r.Refused != tc.refused || !strings.Contains(r.Text, tc.want) {
				t.Fatalf("reply %+v, want refused=%v with %q", r, tc.refused, tc.want)
			}
			answers := f.engine.Answers()
			if tc.answered != (len(answers) == 1) {
				t.Fatalf("answers %+v, want answered=%v", answers, tc.answered)
			}
			if tc.answered && answers[0].Approver != "U7" {
				t.Errorf("answer %+v, want from U7", answers[0])
			}
		})
	}
}

func TestBoostRequests(t *testing.T) {
	requester := Caller{UserID: "U7", ChannelID: "C1"} // may not boost
	tests := []struct {
		name    string
		allow   bool
		text    string
		want    string
		started bool
	}{
		{"refused without requests", false, "boost payments 4 for 1h", "may not change capacity", false},
		{"a request with requests", true, "boost payments 4 for 1h", "needs approval (requested by someone who may not boost", true},
		{"set is never a request", true, "set payments 4", "may not change capacity", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(o *HandlerOptions) { o.AllowBoostRequests = tc.allow })
			r := f.h.Handle(context.Background(), requester, tc.text)
			if !strings.Contains(r.Text, tc.want) || r.Refused == tc.started {
				t.Fatalf("reply %+v, want %q (started %v)", r, tc.want, tc.started)
			}
			starts := f.engine.Starts()
			if len(starts) != map[bool]int{true: 1}[tc.started] {
				t.Fatalf("starts %+v", starts)
			}
			if tc.started && (!starts[0].NeedsApproval || starts[0].Length != time.Hour || starts[0].Requester != "U7") {
				t.Errorf("request %+v, want NeedsApproval, Length 1h, by U7", starts[0])
			}
		})
	}
}

func TestBoostByABoosterIsNoRequest(t *testing.T) {
	f := newFixture(t, func(o *HandlerOptions) { o.AllowBoostRequests = true })
	r := f.h.Handle(context.Background(), boss, "boost payments 4 for 1h")
	if r.Refused || strings.Contains(r.Text, "needs approval") {
		t.Fatalf("reply %+v", r)
	}
	if s := f.engine.Starts(); len(s) != 1 || s[0].NeedsApproval {
		t.Fatalf("starts %+v", s)
	}
}

func TestSecondBoostWhileAwaitingApproval(t *testing.T) {
	f := newFixture(t, nil)
	f.awaitingApproval("payments.demo42")
	r := f.h.Handle(context.Background(), boss, "boost payments.demo42 4")
	for _, want := range []string{"already awaiting approval since", "requested by <@U1>", "/capacity approve payments.demo42", "/capacity deny payments.demo42"} {
		if !strings.Contains(r.Text, want) {
			t.Errorf("reply %q lacks %q", r.Text, want)
		}
	}
	if !r.Refused || len(f.engine.Starts()) != 0 {
		t.Errorf("refused %v, starts %d", r.Refused, len(f.engine.Starts()))
	}
	st := f.h.Handle(context.Background(), boss, "status")
	if !strings.Contains(st.Text, "awaiting approval since") || !strings.Contains(st.Text, "<@U1>") {
		t.Errorf("status %q does not show the waiting boost, since when and by whom", st.Text)
	}
}

func TestExtendWaitingForApprovalSaysSo(t *testing.T) {
	f := newFixture(t, nil)
	f.running("payments.demo42", 4, handlerNow.Add(time.Hour))
	// The fake engine moves the end; the workflow would instead hold the
	// extension for approval: the reply follows the status it returns.
	f.engine.SetRunning(workflows.BoostStatus{
		Request: workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4, Requester: "U1", Channel: "C1"},
		Phase:   workflows.PhaseActive, Before: clients.OnDemand(), Target: clients.Provisioned(4), End: handlerNow.Add(time.Hour),
		StartedAt: handlerNow.Add(-time.Hour),
		Approval: &workflows.Approval{Why: "longer than 3h", Requester: "U1", Requested: handlerNow, Expires: handlerNow.Add(time.Hour),
			NewEnd: handlerNow.Add(5 * time.Hour)},
	})
	r := f.h.Handle(context.Background(), boss, "extend payments.demo42 4h")
	if r.Refused || !strings.Contains(r.Text, "needs approval (longer than 3h)") {
		t.Fatalf("reply %+v", r)
	}
}

// A user who may not boost may change their own request (ALLOW_BOOST_
// REQUESTS): call it off while it waits, and, once approved, extend or
// revert it while its approver may still approve; the gate then checks the
// approver, not the requester.
func TestRequesterChangesOwnRequest(t *testing.T) {
	const requester = "U7" // may not boost
	tests := []struct {
		name     string
		approval *workflows.Approval
		phase    workflows.BoostPhase
		ownReq   bool
		text     string
		allowed  bool
	}{
		{"calls off own waiting request", &workflows.Approval{Requester: requester}, workflows.PhaseAwaitingApproval, true, "revert payments.demo42", true},
		{"reverts own approved request", &workflows.Approval{Requester: requester, Decision: workflows.ApprovalGranted, DecidedBy: "U8"}, workflows.PhaseActive, true, "revert payments.demo42", true},
		{"extends own approved request", &workflows.Approval{Requester: requester, Decision: workflows.ApprovalGranted, DecidedBy: "U8"}, workflows.PhaseActive, true, "extend payments.demo42 1h", true},
		{"approver no longer approves", &workflows.Approval{Requester: requester, Decision: workflows.ApprovalGranted, DecidedBy: "U9"}, workflows.PhaseActive, true, "revert payments.demo42", false},
		{"someone else's boost", &workflows.Approval{Requester: "U1", Decision: workflows.ApprovalGranted, DecidedBy: "U8"}, workflows.PhaseActive, false, "revert payments.demo42", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, func(o *HandlerOptions) {
				o.AllowBoostRequests = true
				o.Auth.WithApprovers([]string{"U8"}, nil)
			})
			by := "U1"
			if tc.ownReq {
				by = requester
			}
			f.engine.SetRunning(workflows.BoostStatus{
				Request: workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4, Requester: by, Channel: "C1", NeedsApproval: true},
				Phase:   tc.phase, Before: clients.OnDemand(), Target: clients.Provisioned(4), End: handlerNow.Add(time.Hour),
				StartedAt: handlerNow.Add(-time.Hour), Approval: tc.approval,
			})
			r := f.h.Handle(context.Background(), Caller{UserID: requester, ChannelID: "C1"}, tc.text)
			if got := !strings.Contains(r.Text, "may not change capacity"); got != tc.allowed {
				t.Fatalf("reply %q: allowed %v, want %v", r.Text, got, tc.allowed)
			}
		})
	}
}
