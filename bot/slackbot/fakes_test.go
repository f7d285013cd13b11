package slackbot

import (
	"context"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/bottest"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// newFakeEngine is the shared engine fake, answering with bot's errors.
func newFakeEngine() *bottest.Engine {
	return bottest.NewEngine(bottest.Errors{NoBoost: bot.ErrNoBoost,
		Running:  func(st workflows.BoostStatus) error { return &bot.BoostRunningError{Status: st} },
		Rejected: func(ns, msg string) error { return &bot.UpdateRejectedError{Namespace: ns, Message: msg} }})
}

// fakeCloud is a Temporal Cloud account of a few namespaces.
type fakeCloud struct {
	caps  map[string]clients.NamespaceCapacity
	infos map[string]clients.CapacityInfo
}

func newFakeCloud() *fakeCloud {
	c := &fakeCloud{caps: map[string]clients.NamespaceCapacity{}, infos: map[string]clients.CapacityInfo{}}
	for _, ns := range []string{"orders.acct", "payments.acct", "search.acct"} {
		c.caps[ns] = clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand(), APSLimit: 500, ResourceVersion: "v1"}
		c.infos[ns] = clients.CapacityInfo{Namespace: ns, Current: clients.OnDemand(),
			ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12}, MaxAvailableTRUs: 10,
			APS: clients.APSStats{Mean: 100, P90: 220, P99: 410}}
	}
	return c
}

func (c *fakeCloud) ListNamespaces(context.Context) ([]string, error) {
	return []string{"orders.acct", "payments.acct", "search.acct"}, nil
}

func (c *fakeCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	v, ok := c.caps[ns]
	if !ok {
		return v, &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindNotFound}
	}
	return v, nil
}

func (c *fakeCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	v, ok := c.infos[ns]
	if !ok {
		return v, &clients.Error{Op: "GetNamespaceCapacityInfo", Namespace: ns, Kind: clients.KindNotFound}
	}
	return v, nil
}
