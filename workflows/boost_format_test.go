package workflows

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

func TestBoostPlanText(t *testing.T) {
	now := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	tests := []struct {
		name           string
		before, target clients.Capacity
		end            time.Time
		permanent      bool
		want           string
	}{
		{"same day", clients.OnDemand(), clients.Provisioned(4), now.Add(64 * time.Minute), false,
			"set payments.demo42 from on-demand to 4 TRUs until 15:04 UTC, then back to on-demand; floor 1.08M actions/h"},
		{"next day, from provisioned", clients.Provisioned(2), clients.Provisioned(6), now.Add(20 * time.Hour), false,
			"set payments.demo42 from 2 TRUs to 6 TRUs until Fri 27 Nov 10:00 UTC, then back to 2 TRUs; floor 1.8M actions/h"},
		{"no end", clients.OnDemand(), clients.Provisioned(2), time.Time{}, false,
			"set payments.demo42 from on-demand to 2 TRUs with no automatic revert (use revert to end it); floor 360K actions/h"},
		{"permanent", clients.Provisioned(8), clients.OnDemand(), time.Time{}, true,
			"set payments.demo42 from 8 TRUs to on-demand as a permanent change (nothing reverts it); no floor"},
	}
	for _, tc := range tests {
		if got := boostPlanText(boostNS, tc.before, tc.target, tc.end, now, tc.permanent); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}

func TestBoostPollInterval(t *testing.T) {
	tests := []struct {
		check time.Duration
		polls int
		want  time.Duration
	}{
		{0, 0, time.Second},
		{10 * time.Second, 0, 10 * time.Second},
		{time.Hour, 0, time.Minute},
		{2 * time.Second, boostPollFastOnes, boostPollSlow},
		{30 * time.Second, boostPollFastOnes + 5, 30 * time.Second},
	}
	for _, tc := range tests {
		if got := boostPollInterval(tc.check, tc.polls); got != tc.want {
			t.Errorf("boostPollInterval(%s, %d) = %s, want %s", tc.check, tc.polls, got, tc.want)
		}
	}
}
