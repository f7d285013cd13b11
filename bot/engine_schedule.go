package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/workflows"
)

// Errors of the schedule engine.
var (
	ErrNoSchedule     = errors.New("no such schedule")
	ErrScheduleExists = errors.New("this schedule already exists")
)

// Memo keys holding a schedule's definition, read back by list.
const (
	memoScheduledBoost  = "scheduledBoost"
	memoScheduledReport = "scheduledReport"
	// scheduleCatchup is how late a missed run (the worker or server was
	// down) may still start; a boost computes its end from its own start and
	// skips itself when its window has passed.
	scheduleCatchup = 30 * time.Minute
	maxSchedules    = 200
)

// ScheduleInfo is one schedule as listed: its definition (Boost or Report),
// whether it is paused, and its next run.
type ScheduleInfo struct {
	ID     string
	Boost  *workflows.ScheduledBoost
	Report *workflows.ScheduledReport
	Paused bool
	Note   string
	Next   time.Time
}

// ScheduleEngine creates and manages the bot's Temporal Schedules.
// Implemented by TemporalEngine; declared here, by its consumer.
type ScheduleEngine interface {
	// CreateBoostSchedule and CreateReportSchedule return ErrScheduleExists
	// for a schedule with the same definition.
	CreateBoostSchedule(ctx context.Context, sb workflows.ScheduledBoost) (ScheduleInfo, error)
	CreateReportSchedule(ctx context.Context, sr workflows.ScheduledReport) (ScheduleInfo, error)
	ListSchedules(ctx context.Context) ([]ScheduleInfo, error)
	// PauseSchedule, ResumeSchedule and DeleteSchedule return ErrNoSchedule
	// when the ID names no schedule.
	PauseSchedule(ctx context.Context, id, note string) error
	ResumeSchedule(ctx context.Context, id, note string) error
	DeleteSchedule(ctx context.Context, id string) error
}

var _ ScheduleEngine = (*TemporalEngine)(nil)

// scheduleCalendars is the Temporal calendar spec for days at hh:mm (zone
// applied by ScheduleSpec.TimeZoneName, so the server keeps the local time
// across daylight-saving changes).
func scheduleCalendars(days []time.Weekday, clock string) ([]client.ScheduleCalendarSpec, error) {
	hh, mm, err := capacity.ParseClock(clock)
	if err != nil {
		return nil, err
	}
	if len(days) == 0 {
		return nil, errors.New("a schedule needs at least one day")
	}
	dow := make([]client.ScheduleRange, 0, len(days))
	for _, d := range days {
		dow = append(dow, client.ScheduleRange{Start: int(d)})
	}
	return []client.ScheduleCalendarSpec{{
		Second:    []client.ScheduleRange{{Start: 0}},
		Minute:    []client.ScheduleRange{{Start: mm}},
		Hour:      []client.ScheduleRange{{Start: hh}},
		DayOfWeek: dow,
		// The default for these is "every"; set for clarity.
		DayOfMonth: []client.ScheduleRange{{Start: 1, End: 31}},
		Month:      []client.ScheduleRange{{Start: 1, End: 12}},
	}}, nil
}

// BoostScheduleOptions is the Temporal Schedule of a recurring boost:
// calendar days at the window's start in its zone, overlapping runs skipped.
func BoostScheduleOptions(sb workflows.ScheduledBoost, taskQueue string) (client.ScheduleOptions, error) {
	id := workflows.ScheduleBoostID(sb)
	return scheduleOptions(id, sb.Days, sb.Start, sb.TimeZone, sb.Requester, &client.ScheduleWorkflowAction{
		ID: capacity.ScheduledBoostRunID(id), Workflow: workflows.ScheduledBoostWorkflowName,
		Args: []any{sb}, TaskQueue: taskQueue,
	}, memoScheduledBoost, sb)
}

// ReportScheduleOptions is the Temporal Schedule of a scheduled report: an
// analysis posted to the channel.
func ReportScheduleOptions(sr workflows.ScheduledReport, taskQueue string) (client.ScheduleOptions, error) {
	id := workflows.ScheduleReportID(sr)
	return scheduleOptions(id, sr.Days, sr.At, sr.TimeZone, sr.Requester, &client.ScheduleWorkflowAction{
		ID: "capacity-scheduled-analysis-" + id, Workflow: workflows.AnalysisWorkflowName, TaskQueue: taskQueue,
		Args: []any{workflows.AnalysisRequest{Globs: sr.Globs, Channel: sr.Channel, Requester: sr.Requester, Post: true}},
	}, memoScheduledReport, sr)
}

// scheduleOptions is what every schedule of this bot shares: calendar days
// at a time in a zone, overlapping runs skipped, a catch-up window, its
// definition in the memo (read back by ListSchedules) and its creator in
// the note.
func scheduleOptions(id string, days []time.Weekday, at, zone, requester string, action *client.ScheduleWorkflowAction, memoKey string, memo any) (client.ScheduleOptions, error) {
	cal, err := scheduleCalendars(days, at)
	if err != nil {
		return client.ScheduleOptions{}, err
	}
	return client.ScheduleOptions{
		ID:            id,
		Spec:          client.ScheduleSpec{Calendars: cal, TimeZoneName: zone},
		Action:        action,
		Overlap:       enumspb.SCHEDULE_OVERLAP_POLICY_SKIP,
		CatchupWindow: scheduleCatchup,
		Memo:          map[string]any{memoKey: memo},
		Note:          "created by " + requester,
	}, nil
}

// CreateBoostSchedule creates a recurring boost's schedule.
func (e *TemporalEngine) CreateBoostSchedule(ctx context.Context, sb workflows.ScheduledBoost) (ScheduleInfo, error) {
	opts, err := BoostScheduleOptions(sb, e.taskQueue)
	if err != nil {
		return ScheduleInfo{}, err
	}
	info, err := e.createSchedule(ctx, opts)
	info.Boost = &sb
	return info, err
}

// CreateReportSchedule creates a scheduled report's schedule.
func (e *TemporalEngine) CreateReportSchedule(ctx context.Context, sr workflows.ScheduledReport) (ScheduleInfo, error) {
	opts, err := ReportScheduleOptions(sr, e.taskQueue)
	if err != nil {
		return ScheduleInfo{}, err
	}
	info, err := e.createSchedule(ctx, opts)
	info.Report = &sr
	return info, err
}

func (e *TemporalEngine) createSchedule(ctx context.Context, opts client.ScheduleOptions) (ScheduleInfo, error) {
	h, err := e.c.ScheduleClient().Create(ctx, opts)
	if err != nil {
		if errors.Is(err, temporal.ErrScheduleAlreadyRunning) {
			return ScheduleInfo{ID: opts.ID}, ErrScheduleExists
		}
		return ScheduleInfo{ID: opts.ID}, fmt.Errorf("creating schedule %s: %w", opts.ID, err)
	}
	info := ScheduleInfo{ID: opts.ID}
	if d, err := h.Describe(ctx); err == nil && len(d.Info.NextActionTimes) > 0 {
		info.Next = d.Info.NextActionTimes[0]
	}
	return info, nil
}

// ListSchedules lists the bot's schedules (IDs with its prefix), by ID.
func (e *TemporalEngine) ListSchedules(ctx context.Context) ([]ScheduleInfo, error) {
	it, err := e.c.ScheduleClient().List(ctx, client.ScheduleListOptions{PageSize: 100})
	if err != nil {
		return nil, fmt.Errorf("listing schedules: %w", err)
	}
	var out []ScheduleInfo
	for it.HasNext() && len(out) < maxSchedules {
		entry, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("listing schedules: %w", err)
		}
		if !capacity.IsScheduleID(entry.ID) {
			continue
		}
		info := ScheduleInfo{ID: entry.ID, Paused: entry.Paused, Note: entry.Note}
		if len(entry.NextActionTimes) > 0 {
			info.Next = entry.NextActionTimes[0]
		}
		var sb workflows.ScheduledBoost
		if decodeMemo(entry.Memo, memoScheduledBoost, &sb) {
			info.Boost = &sb
		}
		var sr workflows.ScheduledReport
		if decodeMemo(entry.Memo, memoScheduledReport, &sr) {
			info.Report = &sr
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

func decodeMemo(m *commonpb.Memo, key string, v any) bool {
	p, ok := m.GetFields()[key]
	if !ok {
		return false
	}
	return converter.GetDefaultDataConverter().FromPayload(p, v) == nil
}

// PauseSchedule pauses a schedule: no runs until resumed.
func (e *TemporalEngine) PauseSchedule(ctx context.Context, id, note string) error {
	return wrapScheduleErr(id, "pausing", e.c.ScheduleClient().GetHandle(ctx, id).Pause(ctx, client.SchedulePauseOptions{Note: note}))
}

// ResumeSchedule resumes a paused schedule.
func (e *TemporalEngine) ResumeSchedule(ctx context.Context, id, note string) error {
	return wrapScheduleErr(id, "resuming", e.c.ScheduleClient().GetHandle(ctx, id).Unpause(ctx, client.ScheduleUnpauseOptions{Note: note}))
}

// DeleteSchedule deletes a schedule. A boost it started keeps running and
// reverts on time.
func (e *TemporalEngine) DeleteSchedule(ctx context.Context, id string) error {
	return wrapScheduleErr(id, "deleting", e.c.ScheduleClient().GetHandle(ctx, id).Delete(ctx))
}

func wrapScheduleErr(id, doing string, err error) error {
	if err == nil {
		return nil
	}
	if isNotFound(err) {
		return ErrNoSchedule
	}
	return fmt.Errorf("%s schedule %s: %w", doing, id, err)
}
