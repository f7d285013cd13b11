package workflows

import (
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Names of the recurring boosts and reports. A recurring boost is a Temporal
// Schedule whose action starts ScheduledBoostWorkflow; a scheduled report is
// a Temporal Schedule whose action starts AnalysisWorkflow with Post set.
const (
	ScheduledBoostWorkflowName = "CapacityScheduledBoost"

	// ScheduleIDPrefix starts every schedule this bot creates, so list,
	// pause, resume and delete never touch anyone else's schedules.
	ScheduleIDPrefix       = "capacity-"
	scheduleBoostPrefix    = ScheduleIDPrefix + "schedule-"
	scheduleReportPrefix   = ScheduleIDPrefix + "report-"
	scheduledBoostRunIDPre = "capacity-scheduled-boost-"
)

// ScheduledBoost is a recurring boost: TRUs for a namespace on Days, from
// Start to End (HH:MM, in TimeZone). An End at or before Start ends the next
// day (an overnight window).
type ScheduledBoost struct {
	Namespace string         `json:"namespace"`
	TRUs      float64        `json:"trus"`
	Days      []time.Weekday `json:"days"`
	Start     string         `json:"start"` // "HH:MM", local to TimeZone
	End       string         `json:"end"`   // "HH:MM", local to TimeZone
	TimeZone  string         `json:"timeZone"`
	Reason    string         `json:"reason,omitempty"`
	Requester string         `json:"requester"`
	Channel   string         `json:"channel"`
}

// ScheduledReport is a recurring analysis posted to Channel on Days at At
// (HH:MM in TimeZone).
type ScheduledReport struct {
	Globs     []string       `json:"globs,omitempty"`
	Days      []time.Weekday `json:"days"`
	At        string         `json:"at"`
	TimeZone  string         `json:"timeZone"`
	Requester string         `json:"requester"`
	Channel   string         `json:"channel"`
}

// ScheduleBoostID is the schedule ID of a recurring boost: one per
// namespace, days, window and zone, so adding the same schedule twice is
// refused by Temporal instead of boosting twice.
func ScheduleBoostID(s ScheduledBoost) string {
	return scheduleBoostPrefix + s.Namespace + "-" + scheduleHash(s.Namespace, DaysString(s.Days), s.Start, s.End, s.TimeZone)
}

// ScheduleReportID is the schedule ID of a scheduled report.
func ScheduleReportID(s ScheduledReport) string {
	return scheduleReportPrefix + strings.ToLower(s.Channel) + "-" +
		scheduleHash(s.Channel, strings.Join(s.Globs, ","), DaysString(s.Days), s.At, s.TimeZone)
}

// ScheduledBoostRunID is the workflow ID prefix of a schedule's runs
// (Temporal appends the scheduled time).
func ScheduledBoostRunID(scheduleID string) string {
	return scheduledBoostRunIDPre + strings.TrimPrefix(scheduleID, scheduleBoostPrefix)
}

// IsScheduleID reports whether id names a schedule this bot created.
func IsScheduleID(id string) bool {
	return strings.HasPrefix(id, scheduleBoostPrefix) || strings.HasPrefix(id, scheduleReportPrefix)
}

func scheduleHash(parts ...string) string {
	h := fnv.New32a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	return strconv.FormatUint(uint64(h.Sum32()), 36)
}

// DaysString names the days compactly: "weekdays", "weekends", "daily", or
// "mon,wed,fri".
func DaysString(days []time.Weekday) string {
	d := slices.Clone(days)
	slices.Sort(d)
	d = slices.Compact(d)
	switch {
	case len(d) == 7:
		return "daily"
	case slices.Equal(d, []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}):
		return "weekdays"
	case slices.Equal(d, []time.Weekday{time.Sunday, time.Saturday}):
		return "weekends"
	}
	names := make([]string, len(d))
	for i, w := range d {
		names[i] = strings.ToLower(w.String()[:3])
	}
	return strings.Join(names, ",")
}

// ParseClock reads "HH:MM" (24-hour).
func ParseClock(s string) (hour, minute int, err error) {
	t, err := time.Parse("15:04", s)
	if err != nil || len(s) != 5 {
		return 0, 0, fmt.Errorf("%q is not a 24-hour HH:MM time", s)
	}
	return t.Hour(), t.Minute(), nil
}
