package perf

import (
	"context"
	"fmt"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// newSlowEngine stands in for Temporal behind a real bot.Handler. Every call
// takes delay, so an ack that waited for the engine would show it: acks must
// not depend on Temporal.
func newSlowEngine(delay time.Duration) *bottest.Engine {
	e := bottest.NewEngine(bottest.Errors{NoBoost: bot.ErrNoBoost,
		Running:  func(st workflows.BoostStatus) error { return &bot.BoostRunningError{Status: st} },
		Rejected: func(ns, msg string) error { return &bot.UpdateRejectedError{Namespace: ns, Message: msg} }})
	e.SetDelay(delay)
	return e
}

// staticCloud is a read-only account of n on-demand namespaces ns-000.acct…
type staticCloud struct{ names []string }

func newStaticCloud(n int) *staticCloud {
	c := &staticCloud{}
	for i := range n {
		c.names = append(c.names, nsName(i))
	}
	return c
}

func nsName(i int) string { return fmt.Sprintf("ns-%03d.acct", i) }

func (c *staticCloud) ListNamespaces(context.Context) ([]string, error) { return c.names, nil }

func (c *staticCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	return clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand(), APSLimit: 500, ResourceVersion: "v1"}, nil
}

func (c *staticCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	return clients.CapacityInfo{Namespace: ns, Current: clients.OnDemand(), ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12},
		MaxAvailableTRUs: 12, APS: clients.APSStats{Mean: 100, P90: 200, P99: 400}}, nil
}
