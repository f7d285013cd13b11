package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/internal/check"
)

// fakeChecker returns a fixed report and counts its runs.
type fakeChecker struct {
	report check.Report
	runs   int
}

func (f *fakeChecker) Run(context.Context) check.Report {
	f.runs++
	return f.report
}

func TestHandleCheck(t *testing.T) {
	report := check.Report{Results: []check.Result{
		{Part: "settings", Status: check.StatusOK, Saw: "loaded and valid"},
		{Part: "Cloud Ops API", Status: check.StatusFail, Saw: "no Namespace Admin on payments.demo42", Fix: "grant it", Simulated: true},
	}}
	tests := []struct {
		name       string
		user       string
		text       string
		checks     bool
		simulated  bool
		wantRuns   int
		wantKind   ReplyKind
		wantRefuse bool
		wantText   []string
	}{
		{name: "booster gets one line per check", user: "U1", text: "check", checks: true, wantRuns: 1, wantKind: ReplyCheck,
			wantText: []string{checkHeading, "✓ settings: loaded and valid", "✗ [SIMULATED] Cloud Ops API: no Namespace Admin on payments.demo42 — fix: grant it"}},
		{name: "simulated reply marked once at its start", user: "U1", text: "check", checks: true, simulated: true, wantRuns: 1,
			wantKind: ReplyCheck, wantText: []string{"[SIMULATED] " + checkHeading}},
		{name: "not a booster", user: "U9", text: "check", checks: true, wantRefuse: true, wantText: []string{"Sorry"}},
		{name: "arguments refused", user: "U1", text: "check now", checks: true, wantRefuse: true, wantText: []string{"check takes no arguments"}},
		{name: "no checker", user: "U1", text: "check", wantRefuse: true, wantText: []string{"capacitybot check"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := &fakeChecker{report: report}
			f := newFixture(t, func(o *HandlerOptions) {
				o.Simulated = tt.simulated
				if tt.checks {
					o.Checks = fc
				}
			})
			r := f.h.Handle(context.Background(), Caller{UserID: tt.user, ChannelID: "C1"}, tt.text)
			if r.Refused != tt.wantRefuse || fc.runs != tt.wantRuns || r.Kind != tt.wantKind {
				t.Fatalf("reply %+v after %d runs; want refused %v, %d runs, kind %v", r, fc.runs, tt.wantRefuse, tt.wantRuns, tt.wantKind)
			}
			for _, w := range tt.wantText {
				if !strings.Contains(r.Text, w) {
					t.Errorf("reply %q lacks %q", r.Text, w)
				}
			}
		})
	}
}
