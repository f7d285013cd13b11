package capacity

import (
	"hash/fnv"
	"strconv"
	"strings"
	"time"
)

// ScheduleIDPrefix starts every schedule this bot creates, so list, pause,
// resume and delete never touch anyone else's schedules.
const ScheduleIDPrefix = "capacity-"

const (
	scheduleBoostPrefix    = ScheduleIDPrefix + "schedule-"
	scheduleReportPrefix   = ScheduleIDPrefix + "report-"
	scheduledBoostRunIDPre = "capacity-scheduled-boost-"
)

// BoostScheduleID is the schedule ID of a recurring boost: one per
// namespace, days, window and zone, so adding the same schedule twice is
// refused by Temporal instead of boosting twice.
func BoostScheduleID(namespace string, days []time.Weekday, start, end, zone string) string {
	return scheduleBoostPrefix + namespace + "-" + scheduleHash(namespace, DaysString(days), start, end, zone)
}

// ReportScheduleID is the schedule ID of a scheduled report: one per
// channel, globs, days, time and zone.
func ReportScheduleID(channel string, globs []string, days []time.Weekday, at, zone string) string {
	return scheduleReportPrefix + strings.ToLower(channel) + "-" +
		scheduleHash(channel, strings.Join(globs, ","), DaysString(days), at, zone)
}

// ScheduledBoostRunID is the workflow ID prefix of a recurring boost's runs
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
