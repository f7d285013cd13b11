package e2e

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/testworld"
)

// TestScopedBoostRefused runs the bot with BOOST_SCOPES giving the booster
// the orders namespaces only: a boost of payments, typed or by a Revert
// button, is refused ephemerally naming what they may change, and nothing
// is sent to the cloud; a boost of orders-prod goes ahead.
func TestScopedBoostRefused(t *testing.T) {
	e := newEnv(t, func(o *testworld.ProcessOptions) { o.Scopes = capacity.Scopes{allowed: {"orders-*"}} })

	mark := e.slack.Mark()
	e.ack(e.command(allowed, "boost payments 4 for 1m", "trig-scoped"), "a boost outside the scope")
	e.ephemeralTo(mark, allowed, "only in namespaces matching orders-*", "payments")

	mark = e.slack.Mark()
	e.ack(e.interact(revertClick(allowed, payments, "1.0")), "a Revert click outside the scope")
	e.ephemeralTo(mark, allowed, "only in namespaces matching orders-*")
	if calls, _ := e.updates(); calls != 0 {
		t.Fatalf("%d UpdateNamespace calls after refusals", calls)
	}

	orders := "orders-prod." + simcloud.DemoAccountID
	e.ack(e.command(allowed, "boost orders-prod 4 for 1m in scope", "trig-in-scope"), "a boost inside the scope")
	e.waitCapacity(orders, clients.Provisioned(4), wait)
	e.ack(e.command(allowed, "revert orders-prod", "trig-in-scope-revert"), "its revert")
	e.waitCapacity(orders, clients.OnDemand(), wait+10*time.Second)
}
