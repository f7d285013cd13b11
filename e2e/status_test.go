package e2e

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestStatusWithoutBoostShowsCapacityAndLastBoost: `status <ns>` with no
// boost running says the namespace's capacity now, read from the simulated
// cloud, and how its last boost ended, read from Temporal, where before it
// said only "No boost is running".
func TestStatusWithoutBoostShowsCapacityAndLastBoost(t *testing.T) {
	t.Parallel()
	e := newEnv(t)

	mark := e.slack.Mark()
	e.ack(e.command(stranger, "status payments", "trig-status-1"), "status before any boost")
	e.ephemeralTo(mark, stranger, "No boost is running for "+payments+".",
		"Capacity now: on-demand, limit ", " actions per second.", "No earlier boost of it is on record.")

	e.ack(e.command(allowed, "boost payments 4 for 30m launch", "trig-boost"), "one-line boost")
	e.waitCapacity(payments, clients.Provisioned(4), wait)
	e.threadReply(0, channel, wait, "is now at")
	e.ack(e.command(allowed, "revert payments", "trig-revert"), "revert")
	if st := e.boostResult(payments, 30*time.Second); st.Phase != workflows.PhaseDone || !st.Reverted {
		t.Fatalf("final status %+v, want done and reverted", st)
	}
	e.waitCapacity(payments, clients.OnDemand(), wait)

	mark = e.slack.Mark()
	e.ack(e.command(stranger, "status payments", "trig-status-2"), "status after the boost")
	e.ephemeralTo(mark, stranger, "No boost is running for "+payments+".",
		"Capacity now: on-demand, limit ",
		"Last boost: "+payments+": 4 TRUs (from on-demand) — done, by <@"+allowed+">: launch; ended ",
		"reverted early by <@"+allowed+">, lasted ", "back to on-demand (verified).")
}
