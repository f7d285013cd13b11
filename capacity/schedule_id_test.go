package capacity

import (
	"strings"
	"testing"
	"time"
)

func TestScheduleIDs(t *testing.T) {
	weekdays := []time.Weekday{1, 2, 3, 4, 5}
	boost := BoostScheduleID("orders.acct", weekdays, "09:00", "17:00", "Europe/Paris")
	tests := []struct {
		name     string
		id       string
		prefix   string
		isSched  bool
		sameAs   string
		differTo string
	}{
		{name: "boost", id: boost, prefix: "capacity-schedule-orders.acct-", isSched: true,
			sameAs:   BoostScheduleID("orders.acct", []time.Weekday{5, 4, 3, 2, 1, 1}, "09:00", "17:00", "Europe/Paris"),
			differTo: BoostScheduleID("orders.acct", weekdays, "09:00", "18:00", "Europe/Paris")},
		{name: "report", id: ReportScheduleID("C1ABC", []string{"p*"}, weekdays, "08:00", ""), prefix: "capacity-report-c1abc-", isSched: true,
			sameAs:   ReportScheduleID("C1ABC", []string{"p*"}, weekdays, "08:00", ""),
			differTo: ReportScheduleID("C1ABC", []string{"q*"}, weekdays, "08:00", "")},
		{name: "foreign", id: "nightly-backup", isSched: false},
		{name: "bare prefix", id: ScheduleIDPrefix + "other-x", prefix: ScheduleIDPrefix, isSched: false},
	}
	for _, tc := range tests {
		if !strings.HasPrefix(tc.id, tc.prefix) {
			t.Errorf("%s: ID %q does not start with %q", tc.name, tc.id, tc.prefix)
		}
		if got := IsScheduleID(tc.id); got != tc.isSched {
			t.Errorf("%s: IsScheduleID(%q) = %v, want %v", tc.name, tc.id, got, tc.isSched)
		}
		if tc.sameAs != "" && tc.sameAs != tc.id {
			t.Errorf("%s: equal schedules got IDs %q and %q", tc.name, tc.id, tc.sameAs)
		}
		if tc.differTo != "" && tc.differTo == tc.id {
			t.Errorf("%s: different schedules share ID %q", tc.name, tc.id)
		}
	}
	if got, want := ScheduledBoostRunID(boost), "capacity-scheduled-boost-"+strings.TrimPrefix(boost, "capacity-schedule-"); got != want {
		t.Errorf("ScheduledBoostRunID = %q, want %q", got, want)
	}
}
