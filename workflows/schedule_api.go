package workflows

import (
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

// ScheduledBoostWorkflowName names the workflow a recurring boost's Temporal
// Schedule starts; a scheduled report's schedule starts AnalysisWorkflow
// with Post set. Their IDs are capacity's (capacity.BoostScheduleID,
// capacity.ReportScheduleID).
const ScheduledBoostWorkflowName = "CapacityScheduledBoost"

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
	// Approver is who approved the schedule when its boosts need approval
	// (approval happens once, when the schedule is created); empty when
	// none was needed, and in schedules from before approvals. Each run
	// then re-checks that the approver may still approve, instead of the
	// creator's right to boost, and boosts without asking again.
	Approver string `json:"approver,omitempty"`
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

// ScheduleBoostID is the schedule ID of a recurring boost
// (capacity.BoostScheduleID of its fields).
func ScheduleBoostID(s ScheduledBoost) string {
	return capacity.BoostScheduleID(s.Namespace, s.Days, s.Start, s.End, s.TimeZone)
}

// ScheduleReportID is the schedule ID of a scheduled report
// (capacity.ReportScheduleID of its fields).
func ScheduleReportID(s ScheduledReport) string {
	return capacity.ReportScheduleID(s.Channel, s.Globs, s.Days, s.At, s.TimeZone)
}
