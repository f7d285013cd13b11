package bot

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

// fakeSchedules records every schedule call.
type fakeSchedules struct {
	mu      sync.Mutex
	boosts  map[string]workflows.ScheduledBoost
	reports map[string]workflows.ScheduledReport
	paused  map[string]bool
	calls   int
}

func newFakeSchedules() *fakeSchedules {
	return &fakeSchedules{boosts: map[string]workflows.ScheduledBoost{}, reports: map[string]workflows.ScheduledReport{}, paused: map[string]bool{}}
}

func (f *fakeSchedules) CreateBoostSchedule(_ context.Context, sb workflows.ScheduledBoost) (ScheduleInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	id := workflows.ScheduleBoostID(sb)
	if _, ok := f.boosts[id]; ok {
		return ScheduleInfo{ID: id}, ErrScheduleExists
	}
	f.boosts[id] = sb
	return ScheduleInfo{ID: id, Boost: &sb, Next: handlerNow.Add(15 * time.Hour)}, nil
}

func (f *fakeSchedules) CreateReportSchedule(_ context.Context, sr workflows.ScheduledReport) (ScheduleInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	id := workflows.ScheduleReportID(sr)
	f.reports[id] = sr
	return ScheduleInfo{ID: id, Report: &sr}, nil
}

func (f *fakeSchedules) ListSchedules(context.Context) ([]ScheduleInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	var out []ScheduleInfo
	for id, sb := range f.boosts {
		out = append(out, ScheduleInfo{ID: id, Boost: &sb, Paused: f.paused[id]})
	}
	for id, sr := range f.reports {
		out = append(out, ScheduleInfo{ID: id, Report: &sr})
	}
	return out, nil
}

func (f *fakeSchedules) set(id string, paused bool) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if _, ok := f.boosts[id]; !ok {
		return ErrNoSchedule
	}
	f.paused[id] = paused
	return nil
}

func (f *fakeSchedules) PauseSchedule(_ context.Context, id, _ string) error { return f.set(id, true) }
func (f *fakeSchedules) ResumeSchedule(_ context.Context, id, _ string) error {
	return f.set(id, false)
}
func (f *fakeSchedules) DeleteSchedule(_ context.Context, id string) error {
	if err := f.set(id, false); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.boosts, id)
	return nil
}

func (f *fakeSchedules) count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func scheduleFixture(t *testing.T, mutate func(*HandlerOptions)) (*handlerFixture, *fakeSchedules) {
	s := newFakeSchedules()
	f := newFixture(t, func(o *HandlerOptions) {
		o.Schedules = s
		if mutate != nil {
			mutate(o)
		}
	})
	return f, s
}

// TestScheduleCommandsRefusedForUnauthorisedUser: every schedule command,
// scheduled reports included, needs the right to change capacity.
func TestScheduleCommandsRefusedForUnauthorisedUser(t *testing.T) {
	stranger := Caller{UserID: "U2", ChannelID: "C1"}
	for _, text := range []string{
		"schedule add payments 4 weekdays 09:00-17:00 America/New_York",
		"schedule list",
		"schedule pause capacity-schedule-payments.demo42-abc",
		"schedule resume capacity-schedule-payments.demo42-abc",
		"schedule delete capacity-schedule-payments.demo42-abc",
		"analyze every monday 09:00",
		"analyze payments-* every weekday 08:30 Europe/Paris",
		"schedule",
	} {
		t.Run(text, func(t *testing.T) {
			f, s := scheduleFixture(t, nil)
			r := f.h.Handle(context.Background(), stranger, text)
			if !r.Refused || !strings.Contains(r.Text, "may not change capacity") {
				t.Fatalf("reply %q, want a refusal naming the right to change capacity", r.Text)
			}
			assertNoSettingNames(t, r.Text)
			if s.count() != 0 || f.engine.Changed() {
				t.Fatalf("a refused schedule command reached the engine (%d schedule calls)", s.count())
			}
		})
	}
}

func TestScheduleAddListPauseResumeDelete(t *testing.T) {
	f, s := scheduleFixture(t, func(o *HandlerOptions) { o.Policy.ActionPricePerMillion = 50 })
	ctx := context.Background()
	r := f.h.Handle(ctx, boss, "schedule add payments 4 weekdays 09:00-17:00 America/New_York business hours")
	if r.Refused || !r.InChannel || !strings.Contains(r.Text, "Recurring boost created") {
		t.Fatalf("add answered %+v", r)
	}
	want := workflows.ScheduledBoost{Namespace: "payments.demo42", TRUs: 4, Days: []time.Weekday{1, 2, 3, 4, 5},
		Start: "09:00", End: "17:00", TimeZone: "America/New_York", Reason: "business hours", Requester: "U1", Channel: "C1"}
	id := workflows.ScheduleBoostID(want)
	if got := s.boosts[id]; !reflect.DeepEqual(got, want) {
		t.Fatalf("created %+v\nwant %+v", got, want)
	}
	// 4 TRUs: 3 × 360,000 actions/h; at $50 per million, $54/h and $432 per 8-hour run.
	if !strings.Contains(r.Text, "1.08M actions/h ≈ $54.00/h") || !strings.Contains(r.Text, "$432.00 per run") {
		t.Errorf("add reply lacks the cost: %q", r.Text)
	}
	if r := f.h.Handle(ctx, boss, "schedule add payments 4 weekdays 09:00-17:00 America/New_York"); !r.Refused || !strings.Contains(r.Text, "already exists") {
		t.Errorf("second add answered %+v", r)
	}
	for _, step := range []struct{ text, want string }{
		{"schedule pause " + id, "paused"},
		{"schedule list", "· paused"},
		{"schedule resume " + id, "resumed"},
		{"schedule delete " + id, "deleted"},
		{"schedule list", "No recurring boosts"},
	} {
		r := f.h.Handle(ctx, boss, step.text)
		if r.Refused || !strings.Contains(r.Text, step.want) {
			t.Errorf("%q answered %q, want %q", step.text, r.Text, step.want)
		}
	}
	if r := f.h.Handle(ctx, boss, "schedule pause "+id); !r.Refused || !strings.Contains(r.Text, "No schedule") {
		t.Errorf("pausing a deleted schedule answered %+v", r)
	}
}

func TestScheduleAddRefusals(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"invalid TRUs", "schedule add payments 5 daily 09:00-10:00", "not a valid value"},
		{"over MAX_TRUS", "schedule add payments 10 daily 09:00-10:00", "at most 8 TRUs"},
		{"denied namespace", "schedule add secret 4 daily 09:00-10:00", "secret"},
		{"unknown namespace", "schedule add paymnts 4 daily 09:00-10:00", "did you mean payments.demo42"},
		{"window over MAX_BOOST_DURATION", "schedule add payments 4 daily 08:00-20:00", "may last at most 8h"},
		{"unknown zone", "schedule add payments 4 daily 09:00-10:00 Mars/Olympus", "not a known time zone"},
		{"bad days", "schedule add payments 4 someday 09:00-10:00", "not a day"},
		{"bad window", "schedule add payments 4 daily 9-5", "not a 24-hour HH:MM"},
		{"not our schedule", "schedule delete someone-elses", "not the ID of a schedule of this bot"},
		{"report in an unknown zone", "analyze every monday 09:00 Mars/Olympus", "not a known time zone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, s := scheduleFixture(t, func(o *HandlerOptions) { o.Policy.MaxDuration = 8 * time.Hour })
			r := f.h.Handle(context.Background(), boss, tt.text)
			if !r.Refused || !strings.Contains(r.Text, tt.want) {
				t.Fatalf("reply %q, want a refusal containing %q", r.Text, tt.want)
			}
			assertNoSettingNames(t, r.Text)
			if s.count() != 0 {
				t.Fatalf("a refused schedule reached the engine")
			}
		})
	}
}

func TestScheduleReport(t *testing.T) {
	f, s := scheduleFixture(t, nil)
	r := f.h.Handle(context.Background(), boss, "analyze payments-* every weekday 08:30 Europe/Paris")
	if r.Refused || !strings.Contains(r.Text, "Scheduled report created") {
		t.Fatalf("reply %+v", r)
	}
	want := workflows.ScheduledReport{Globs: []string{"payments-*"}, Days: []time.Weekday{1, 2, 3, 4, 5}, At: "08:30",
		TimeZone: "Europe/Paris", Requester: "U1", Channel: "C1"}
	if got := s.reports[workflows.ScheduleReportID(want)]; !reflect.DeepEqual(got, want) {
		t.Fatalf("created %+v\nwant %+v", got, want)
	}
}

func TestScheduleWithoutEngineRefused(t *testing.T) {
	f := newFixture(t, nil) // the fake Engine does not implement ScheduleEngine
	r := f.h.Handle(context.Background(), boss, "schedule list")
	if !r.Refused || !strings.Contains(r.Text, "not available") {
		t.Fatalf("reply %+v", r)
	}
}

func TestParseDays(t *testing.T) {
	tests := []struct {
		in   string
		want []time.Weekday
	}{
		{"weekdays", []time.Weekday{1, 2, 3, 4, 5}},
		{"Daily", []time.Weekday{0, 1, 2, 3, 4, 5, 6}},
		{"weekend", []time.Weekday{0, 6}},
		{"monday", []time.Weekday{1}},
		{"mon,wed,fri", []time.Weekday{1, 3, 5}},
		{"fri-mon", []time.Weekday{0, 1, 5, 6}},
		{"tue-thu,sat", []time.Weekday{2, 3, 4, 6}},
	}
	for _, tt := range tests {
		got, err := parseDays(tt.in)
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseDays(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"", "funday", "mon-", "mon,,tue"} {
		if _, err := parseDays(bad); err == nil {
			t.Errorf("parseDays(%q) accepted", bad)
		}
	}
}
