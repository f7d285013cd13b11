package schedules_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestScheduleCommandsOnRealServer: every schedule command is refused for a
// stranger and creates nothing; an allowed user's recurring boost becomes a
// Temporal Schedule (zone, weekdays, skip overlaps) that pause, list,
// resume and delete manage.
func TestScheduleCommandsOnRealServer(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sb := workflows.ScheduledBoost{Namespace: testworld.DemoNamespace("payments"), TRUs: 4, Days: []time.Weekday{1, 2, 3, 4, 5},
		Start: "09:00", End: "17:00", TimeZone: "America/New_York", Reason: "business hours", Requester: allowed, Channel: channel}
	id := workflows.ScheduleBoostID(sb)

	for _, text := range []string{
		"schedule add payments 4 weekdays 09:00-17:00 America/New_York business hours",
		"schedule list",
		"schedule pause " + id,
		"schedule resume " + id,
		"schedule delete " + id,
		"analyze every monday 09:00 Europe/Paris",
	} {
		mark := e.slack.Mark()
		e.command(stranger, text)
		if c := e.reply(mark, wait, "may not change capacity"); c.Method != "chat.postEphemeral" {
			t.Errorf("%q: refusal posted with %s, want an ephemeral reply", text, c.Method)
		}
	}
	if n := countSchedules(t, e); n != 0 {
		t.Fatalf("refused commands created %d schedules", n)
	}

	mark := e.slack.Mark()
	e.command(allowed, "schedule add payments 4 weekdays 09:00-17:00 America/New_York business hours")
	created := e.reply(mark, wait, "Recurring boost created")
	if !strings.Contains(created.Param("text"), id) || !strings.Contains(created.Param("text"), "≈ $54.00/h") {
		t.Errorf("creation reply %q lacks the ID or the cost", created.Param("text"))
	}
	h := e.tc.ScheduleClient().GetHandle(ctx, id)
	d, err := h.Describe(ctx)
	if err != nil {
		t.Fatalf("describing %s: %v", id, err)
	}
	if d.Schedule.Spec.TimeZoneName != "America/New_York" || d.Schedule.Policy.Overlap != enumspb.SCHEDULE_OVERLAP_POLICY_SKIP || d.Schedule.State.Paused {
		t.Errorf("schedule spec %+v policy %+v paused %v", d.Schedule.Spec, d.Schedule.Policy, d.Schedule.State.Paused)
	}
	ny, _ := time.LoadLocation("America/New_York")
	if len(d.Info.NextActionTimes) == 0 {
		t.Fatal("the server plans no run")
	}
	for _, next := range d.Info.NextActionTimes {
		l := next.In(ny)
		if l.Hour() != 9 || l.Minute() != 0 || l.Weekday() == time.Saturday || l.Weekday() == time.Sunday {
			t.Errorf("planned run at %s (%s New York), want weekdays at 09:00 New York", next.UTC(), l)
		}
	}

	for _, step := range []struct{ text, want string }{
		{"schedule pause " + id, "paused"},
		{"schedule list", "· paused"},
		{"schedule resume " + id, "resumed"},
	} {
		mark := e.slack.Mark()
		e.command(allowed, step.text)
		e.reply(mark, wait, step.want)
		if strings.HasPrefix(step.text, "schedule pause") {
			if d, err := h.Describe(ctx); err != nil || !d.Schedule.State.Paused {
				t.Errorf("after pause: paused=%v, %v", d != nil && d.Schedule.State.Paused, err)
			}
		}
	}
	mark = e.slack.Mark()
	e.command(allowed, "schedule delete "+id)
	e.reply(mark, wait, "deleted")
	var nf *serviceerror.NotFound
	if _, err := h.Describe(ctx); !errors.As(err, &nf) {
		t.Errorf("after delete, describe = %v, want not found", err)
	}
}

// TestWeekdayScheduleAcrossDaylightSaving asks the real server when the
// recurring boost's schedule runs around New York's spring-forward change
// (Sunday 2027-03-14): 09:00 local every weekday, which is 14:00 UTC before
// and 13:00 UTC after. Each run then ends at 17:00 local (18:00/21:00 UTC
// resp.), as ScheduledBoostWorkflow's tests show on the SDK test suite.
func TestWeekdayScheduleAcrossDaylightSaving(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	sb := workflows.ScheduledBoost{Namespace: testworld.DemoNamespace("payments"), TRUs: 4, Days: []time.Weekday{1, 2, 3, 4, 5},
		Start: "09:00", End: "17:00", TimeZone: "America/New_York", Requester: allowed, Channel: channel}
	opts, err := bot.BoostScheduleOptions(sb, e.tq)
	if err != nil {
		t.Fatal(err)
	}
	opts.Spec.StartAt = time.Date(2027, 3, 11, 0, 0, 0, 0, time.UTC) // a Thursday
	if _, err := e.tc.ScheduleClient().Create(ctx, opts); err != nil {
		t.Fatal(err)
	}
	d, err := e.tc.ScheduleClient().GetHandle(ctx, opts.ID).Describe(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2027-03-11T14:00:00Z", "2027-03-12T14:00:00Z", "2027-03-15T13:00:00Z", "2027-03-16T13:00:00Z"}
	if len(d.Info.NextActionTimes) < len(want) {
		t.Fatalf("next runs %v, want at least %v", d.Info.NextActionTimes, want)
	}
	for i, w := range want {
		if got := d.Info.NextActionTimes[i].UTC().Format(time.RFC3339); got != w {
			t.Errorf("run %d at %s, want %s", i, got, w)
		}
		_, end, err := capacity.ScheduledWindow(d.Info.NextActionTimes[i], sb.Start, sb.End, sb.TimeZone)
		if err != nil {
			t.Fatal(err)
		}
		if l := end.In(mustZone(t, "America/New_York")); l.Hour() != 17 || l.Minute() != 0 {
			t.Errorf("run %d reverts at %s, want 17:00 New York", i, l)
		}
	}
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestSchedulesFireForReal lets the server run schedules at the next minute:
// a recurring boost boosts (its own root message and thread), a paused one
// does nothing, one whose namespace is already boosted by hand skips its run
// and says so in the alerts channel, and a scheduled report arrives in the
// channel.
func TestSchedulesFireForReal(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for the next minute")
	}
	e := newEnv(t)
	ctx := context.Background()
	now := time.Now().UTC()
	at := now.Truncate(time.Minute).Add(time.Minute)
	if at.Sub(now) < 20*time.Second {
		at = at.Add(time.Minute) // leave time to create them before they are due
	}
	hm := func(t time.Time) string { return t.Format("15:04") }
	window := hm(at) + "-" + hm(at.Add(30*time.Minute))

	mark := e.slack.Mark()
	e.command(allowed, "schedule add payments 4 daily "+window+" UTC morning peak")
	e.reply(mark, wait, "Recurring boost created")
	mark = e.slack.Mark()
	e.command(allowed, "schedule add orders-prod 4 daily "+window+" UTC")
	paused := e.reply(mark, wait, "Recurring boost created")
	pausedID := ""
	for _, f := range strings.Fields(paused.Param("text")) {
		if strings.HasPrefix(strings.Trim(f, "`()."), "capacity-schedule-") {
			pausedID = strings.Trim(f, "`().")
		}
	}
	if pausedID == "" {
		t.Fatalf("no schedule ID in %q", paused.Param("text"))
	}
	mark = e.slack.Mark()
	e.command(allowed, "schedule pause "+pausedID)
	e.reply(mark, wait, "paused")
	mark = e.slack.Mark()
	e.command(allowed, "boost checkout-prod 4 for 50m flash sale")
	e.reply(mark, wait, "started")
	mark = e.slack.Mark()
	e.command(allowed, "schedule add checkout-prod 6 daily "+window+" UTC")
	e.reply(mark, wait, "Recurring boost created")
	mark = e.slack.Mark()
	e.command(allowed, "analyze every daily "+hm(at)+" UTC")
	e.reply(mark, wait, "Scheduled report created")

	until := time.Until(at) + wait
	root, err := e.slack.WaitCall(until, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == channel && c.Param("thread_ts") == "" &&
			strings.HasPrefix(c.Param("text"), "Boost of "+testworld.DemoNamespace("payments"))
	})
	if err != nil {
		t.Fatalf("the recurring boost posted no root message by %s: %v", at.Add(wait), err)
	}
	if !strings.Contains(root.Param("text"), "Boost of "+testworld.DemoNamespace("payments")+": ") {
		t.Errorf("root message %q", root.Param("text"))
	}
	if _, err := e.slack.WaitCall(wait, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("thread_ts") != "" && strings.HasPrefix(c.Param("text"), testworld.DemoNamespace("payments")+":")
	}); err != nil {
		t.Errorf("no step in the boost's thread: %v", err)
	}
	if _, err := e.slack.WaitCall(wait, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == channel && strings.Contains(c.Param("text"), "namespaces:")
	}); err != nil {
		t.Errorf("the scheduled report did not arrive: %v", err)
	}
	if _, err := e.slack.WaitCall(wait, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == alertChannel &&
			strings.Contains(c.Param("text"), "Scheduled boost skipped") && strings.Contains(c.Param("text"), testworld.DemoNamespace("checkout-prod"))
	}); err != nil {
		t.Errorf("the run overlapping a manual boost did not say it skipped: %v", err)
	}
	if st, err := bot.NewTemporalEngine(e.tc, e.tq).BoostStatus(ctx, testworld.DemoNamespace("checkout-prod")); err != nil || st.Request.TRUs != 4 {
		t.Errorf("the manual boost of checkout-prod was disturbed: %+v, %v", st, err)
	}
	// The boost runs as the namespace's normal boost.
	st, err := bot.NewTemporalEngine(e.tc, e.tq).BoostStatus(ctx, testworld.DemoNamespace("payments"))
	if err != nil || st.Request.TRUs != 4 || !strings.HasPrefix(st.Request.Reason, "scheduled (daily") {
		t.Errorf("payments boost status %+v, %v", st, err)
	}
	if _, err := e.tc.DescribeWorkflowExecution(ctx, workflows.BoostWorkflowID(testworld.DemoNamespace("orders-prod")), ""); err == nil {
		t.Error("the paused schedule started a boost of orders-prod")
	}
	d, err := e.tc.ScheduleClient().GetHandle(ctx, pausedID).Describe(ctx)
	if err != nil || len(d.Info.RecentActions) != 0 {
		t.Errorf("paused schedule ran %d actions (%v)", len(d.Info.RecentActions), err)
	}
}

func countSchedules(t *testing.T, e *env) int {
	t.Helper()
	it, err := e.tc.ScheduleClient().List(context.Background(), client.ScheduleListOptions{PageSize: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for it.HasNext() {
		s, err := it.Next()
		if err != nil {
			t.Fatal(err)
		}
		if capacity.IsScheduleID(s.ID) {
			n++
		}
	}
	return n
}
