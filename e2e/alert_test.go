package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestFailedBoostAlertsNamingTheRequester(t *testing.T) {
	e := newEnv(t)
	// The capacity change is accepted, then its operation fails.
	e.cloud.Inject(simcloud.Fault{Method: "UpdateNamespace", Namespace: payments, Kind: simcloud.FaultOpFails, Times: 1})

	e.ack(e.command(allowed, "boost payments 4 for 30m", "trig-boost"), "boost")
	alert := e.waitCall(0, 30*time.Second, "alert in "+alertChannel, func(c fakeslack.Call) bool {
		return c.Method == "chat.postMessage" && c.Param("channel") == alertChannel
	})
	if text := alert.Param("text") + string(alert.Blocks()); !strings.Contains(text, "<@"+allowed+">") {
		t.Errorf("alert does not name the requester <@%s>: %q %s", allowed, alert.Param("text"), alert.Blocks())
	}
	if !strings.Contains(alert.Param("text")+string(alert.Blocks()), payments) {
		t.Errorf("alert does not name the namespace: %q", alert.Param("text"))
	}
	st := e.boostResult(payments, 30*time.Second)
	if st.Phase != workflows.PhaseFailed || st.Error == "" {
		t.Errorf("final status %+v, want failed with an error", st)
	}
	if c := e.snapshot(payments); !c.Current.Equal(clients.OnDemand()) {
		t.Errorf("after the failure %s is %s, want on-demand", payments, c.Current)
	}
	e.waitCall(0, wait, "root message edited to failed", func(c fakeslack.Call) bool {
		return c.Method == "chat.update" && c.Param("channel") == channel && strings.Contains(c.Param("text"), ": failed")
	})
	e.threadReply(0, channel, wait, payments) // the failure is told in the thread too
}
