package bot

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

// fakeHome records Home opens and serves a report.
type fakeHome struct {
	opened  []string
	viewers []string
	report  *workflows.AnalysisReport
	err     error
	asOf    time.Time // the now HomeViewers was asked at
}

func (f *fakeHome) HomeOpened(_ context.Context, user string) error {
	f.opened = append(f.opened, user)
	return f.err
}

func (f *fakeHome) HomeViewers(_ context.Context, now time.Time) ([]string, error) {
	f.asOf = now
	return f.viewers, f.err
}

func (f *fakeHome) LastReport(context.Context) (*workflows.AnalysisReport, error) {
	return f.report, f.err
}

// failingSchedules lists no schedule: it fails.
type failingSchedules struct{ ScheduleEngine }

func (failingSchedules) ListSchedules(context.Context) ([]ScheduleInfo, error) {
	return nil, errors.New("schedule list unavailable")
}

func TestHomeReadsEveryPartAndNamesWhatItCouldNotRead(t *testing.T) {
	report := &workflows.AnalysisReport{Summary: workflows.ReportSummary{Namespaces: 3}}
	tests := []struct {
		name         string
		home         *fakeHome
		schedules    ScheduleEngine
		wantReport   bool
		wantProblems []string
	}{
		{name: "all read", home: &fakeHome{report: report}, schedules: newFakeSchedules(), wantReport: true},
		{name: "no home engine", schedules: newFakeSchedules()},
		{name: "report unreadable", home: &fakeHome{err: errors.New("visibility down")}, schedules: newFakeSchedules(),
			wantProblems: []string{"Could not read the last report just now; the Home shows the rest."}},
		{name: "schedules unreadable", home: &fakeHome{report: report}, schedules: failingSchedules{}, wantReport: true,
			wantProblems: []string{"Could not read the schedules just now; the Home shows the rest."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t, func(o *HandlerOptions) {
				o.Schedules, o.Simulated = tt.schedules, true
				if tt.home != nil {
					o.Home = tt.home
				}
			})
			f.running("payments.demo42", 4, handlerNow.Add(time.Hour))
			f.running("orders.demo42", 4, handlerNow.Add(time.Hour))
			h := f.h.Home(context.Background())
			if len(h.Boosts) != 2 || h.Boosts[0].Request.Namespace != "orders.demo42" {
				t.Errorf("boosts %+v, want both, by namespace", h.Boosts)
			}
			if (h.Report != nil) != tt.wantReport || !h.Simulated || !h.At.Equal(handlerNow) {
				t.Errorf("report %v, simulated %v, at %s", h.Report, h.Simulated, h.At)
			}
			if !slices.Equal(h.Problems, tt.wantProblems) {
				t.Errorf("problems %q, want %q", h.Problems, tt.wantProblems)
			}
		})
	}
}

func TestHomeOpensAndViewers(t *testing.T) {
	home := &fakeHome{viewers: []string{"U2", "U1"}}
	f := newFixture(t, func(o *HandlerOptions) { o.Home = home })
	if err := f.h.HomeOpened(context.Background(), "U2"); err != nil || !slices.Equal(home.opened, []string{"U2"}) {
		t.Errorf("HomeOpened: %v, recorded %v", err, home.opened)
	}
	got, err := f.h.HomeViewers(context.Background())
	if err != nil || !slices.Equal(got, home.viewers) || !home.asOf.Equal(handlerNow) {
		t.Errorf("HomeViewers = %v, %v (asked at %s), want %v at the handler's now", got, err, home.asOf, home.viewers)
	}

	bare := newFixture(t, nil) // the fake engine records no Home
	if err := bare.h.HomeOpened(context.Background(), "U2"); !errors.Is(err, ErrNoHomeEngine) {
		t.Errorf("HomeOpened without a home engine = %v, want ErrNoHomeEngine", err)
	}
	if v, err := bare.h.HomeViewers(context.Background()); v != nil || err != nil {
		t.Errorf("HomeViewers without a home engine = %v, %v; want nobody", v, err)
	}
}

func TestAnalyzeFromHomePostsToTheClickersMessages(t *testing.T) {
	// U9 may not change capacity and C1/C2 are the only allowed channels:
	// an analysis only reads, and the Home has no channel to check.
	f := newFixture(t, nil)
	r := f.h.AnalyzeFromHome(context.Background(), Caller{UserID: "U9", RequestKey: "trig-home"})
	if r.Refused || r.WorkflowID == "" {
		t.Fatalf("reply %+v, want an analysis started", r)
	}
	reqs := f.engine.Analyses()
	if len(reqs) != 1 {
		t.Fatalf("%d analyses started, want 1", len(reqs))
	}
	for id, req := range reqs {
		if req.Channel != "U9" || req.Requester != "U9" || !req.Post || len(req.Globs) != 0 {
			t.Errorf("analysis %s = %+v, want every namespace posted to U9's messages", id, req)
		}
	}
}
