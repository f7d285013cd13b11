package slackbot

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// fakeSchedules records the recurring boosts created.
type fakeSchedules struct {
	mu      sync.Mutex
	created []workflows.ScheduledBoost
}

func (f *fakeSchedules) CreateBoostSchedule(_ context.Context, sb workflows.ScheduledBoost) (bot.ScheduleInfo, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.created = append(f.created, sb)
	return bot.ScheduleInfo{ID: workflows.ScheduleBoostID(sb), Boost: &sb}, nil
}
func (f *fakeSchedules) CreateReportSchedule(_ context.Context, sr workflows.ScheduledReport) (bot.ScheduleInfo, error) {
	return bot.ScheduleInfo{ID: workflows.ScheduleReportID(sr), Report: &sr}, nil
}
func (f *fakeSchedules) ListSchedules(context.Context) ([]bot.ScheduleInfo, error) { return nil, nil }
func (f *fakeSchedules) PauseSchedule(context.Context, string, string) error {
	return bot.ErrNoSchedule
}
func (f *fakeSchedules) ResumeSchedule(context.Context, string, string) error {
	return bot.ErrNoSchedule
}
func (f *fakeSchedules) DeleteSchedule(context.Context, string) error { return bot.ErrNoSchedule }

func (f *fakeSchedules) all() []workflows.ScheduledBoost {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]workflows.ScheduledBoost(nil), f.created...)
}

// startScheduleBot is startBot with a schedule engine behind the Handler.
func startScheduleBot(t *testing.T) (*harness, *fakeSchedules) {
	t.Helper()
	fs := fakeslack.New(t, fakeslack.WithPingInterval(200*time.Millisecond))
	api := NewClient("xoxb-test", "xapp-test", fs.APIURL())
	m := telemetry.New()
	auth := bot.NewAuthorizer([]string{allowed}, nil, nil, nil, time.Minute, nil)
	engine, cloud, sched := newFakeEngine(), newFakeCloud(), &fakeSchedules{}
	policy := workflows.Policy{MaxTRUs: 8, MaxDuration: 12 * time.Hour}
	h := bot.NewHandler(bot.HandlerOptions{Engine: engine, Schedules: sched, Cloud: cloud, Auth: auth, Policy: policy, Metrics: m})
	b := New(Options{API: api, Handler: h, Auth: auth, Cloud: cloud, Policy: policy, AlertChannel: "CALERTS", Metrics: m})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(wait):
			t.Error("Run did not return after cancel")
		}
	})
	if err := fs.WaitConnections(1, wait); err != nil {
		t.Fatal(err)
	}
	hr := &harness{t: t, slack: fs, bot: b, engine: engine, cloud: cloud, metrics: m}
	hr.eventually("bot connected", b.Connected)
	return hr, sched
}

type schedForm struct {
	meta, ns, trus, start, end, zone, reason string
	days                                     []string
}

func (f schedForm) view() slack.View {
	var days []slack.OptionBlockObject
	for _, d := range f.days {
		days = append(days, slack.OptionBlockObject{Value: d})
	}
	return slack.View{ID: "VS", CallbackID: CallbackScheduleModal, PrivateMetadata: f.meta, State: &slack.ViewState{Values: map[string]map[string]slack.BlockAction{
		BlockSchedNamespace: {ActionNamespace: {SelectedOption: slack.OptionBlockObject{Value: f.ns}}},
		BlockSchedTRUs:      {ActionSchedTRUs: {Value: f.trus}},
		BlockSchedDays:      {ActionSchedDays: {SelectedOptions: days}},
		BlockSchedStart:     {ActionSchedStart: {SelectedTime: f.start}},
		BlockSchedEnd:       {ActionSchedEnd: {SelectedTime: f.end}},
		BlockSchedZone:      {ActionSchedZone: {Value: f.zone}},
		BlockSchedReason:    {ActionSchedReason: {Value: f.reason}},
	}}}
}

// TestScheduleModalConversation: "schedule add" opens the recurring boost
// form; bad fields are answered on the form; a stranger's submission is
// refused; a good one creates the schedule and is told in the channel.
func TestScheduleModalConversation(t *testing.T) {
	h, sched := startScheduleBot(t)
	h.ack(h.command(allowed, "schedule add"), "slash schedule add")
	open, err := h.slack.WaitMethod(wait, "views.open", map[string]string{"trigger_id": "trig-schedule add"})
	if err != nil {
		t.Fatal(err)
	}
	var view slack.View
	if err := json.Unmarshal([]byte(open.Param("view")), &view); err != nil {
		t.Fatal(err)
	}
	if view.CallbackID != CallbackScheduleModal {
		t.Fatalf("opened %q, want the schedule form", view.CallbackID)
	}
	submit := func(user string, f schedForm) slack.ViewSubmissionResponse {
		t.Helper()
		f.meta = view.PrivateMetadata
		a := h.ack(h.interact(slack.InteractionCallback{Type: slack.InteractionTypeViewSubmission, User: slack.User{ID: user}, View: f.view()}), "schedule submission")
		return decodeAck[slack.ViewSubmissionResponse](t, a)
	}
	good := schedForm{ns: "orders.acct", trus: "4", start: "09:00", end: "17:00", zone: "America/New_York", reason: "business hours",
		days: []string{"mon", "tue", "wed", "thu", "fri"}}

	bad := good
	bad.trus, bad.days = "four", nil
	if r := submit(allowed, bad); r.ResponseAction != slack.RAErrors || r.Errors[BlockSchedTRUs] == "" || r.Errors[BlockSchedDays] == "" {
		t.Errorf("bad form answered %+v", r)
	}
	badZone := good
	badZone.zone = "Mars/Olympus"
	if r := submit(allowed, badZone); r.ResponseAction != slack.RAErrors || !strings.Contains(r.Errors[BlockSchedNamespace], "time zone") {
		t.Errorf("unknown zone answered %+v", r)
	}
	if r := submit(stranger, good); r.ResponseAction != slack.RAErrors || !strings.Contains(r.Errors[BlockSchedNamespace], "may not change capacity") {
		t.Errorf("stranger's form answered %+v", r)
	}
	if n := len(sched.all()); n != 0 {
		t.Fatalf("%d schedules created from refused forms", n)
	}
	if r := submit(allowed, good); r.ResponseAction != slack.RAClear {
		t.Fatalf("good form answered %+v", r)
	}
	got := sched.all()
	if len(got) != 1 || got[0].Namespace != "orders.acct" || got[0].TRUs != 4 || capacity.DaysString(got[0].Days) != "weekdays" ||
		got[0].Start != "09:00" || got[0].End != "17:00" || got[0].TimeZone != "America/New_York" || got[0].Channel != channel || got[0].Requester != allowed {
		t.Fatalf("created %+v", got)
	}
	h.replyTo(allowed, contains("Recurring boost created"))
}

func TestScheduleModalWithinSlackLimits(t *testing.T) {
	for _, o := range []ModalOptions{{}, {MaxTRUs: 8, Simulated: true}} {
		raw, err := json.Marshal(ScheduleModal("C100", o))
		if err != nil {
			t.Fatal(err)
		}
		checkModal(t, raw)
	}
	raw, err := json.Marshal(WatchAlertBlocks(watchAlert(workflows.WatchOpened)))
	if err != nil {
		t.Fatal(err)
	}
	checkBlocks(t, raw, maxMessageBlocks)
}
