package simcloud

import (
	"reflect"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
)

func TestDemoAccountCoversTheCases(t *testing.T) {
	c := New(DemoAccount(), Options{})
	if err := c.Start(); err != nil {
		t.Fatalf("demo account does not start: %v", err)
	}
	defer c.Close()
	if n := len(DemoAccount().Namespaces); n < 10 || n > 15 {
		t.Fatalf("%d namespaces, want about a dozen", n)
	}
	p, nc, ok := c.Snapshot("payments.demo42")
	if !ok || !nc.Current.Equal(clients.OnDemand()) || !reflect.DeepEqual(p.ValidTRUs, []float64{2, 3, 4, 6, 8, 10, 12}) {
		t.Fatalf("payments = %+v %+v", p, nc)
	}
	var idle, throttled, overProvisioned, legacy, inventoryLimited, provisionedUsed bool
	for _, n := range DemoAccount().Namespaces {
		n, err := n.withDefaults(DemoAccountID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(n.ID, ".demo42") {
			t.Errorf("%s lacks the account suffix", n.ID)
		}
		limit := n.apsLimit(n.Capacity)
		switch {
		case n.Capacity.Mode == clients.ModeOnDemand && n.APS < 5:
			idle = true
		case n.ThrottledPerSec > 0:
			throttled = true
		case n.Capacity.Mode == clients.ModeProvisioned && n.APS < limit/4:
			overProvisioned = true
		case n.Capacity.Mode == clients.ModeProvisioned && n.APS > limit/2:
			provisionedUsed = true
		}
		legacy = legacy || n.HasLegacyLimits
		inventoryLimited = inventoryLimited || n.MaxAvailableTRUs < n.ValidTRUs[len(n.ValidTRUs)-1]
	}
	if !idle || !throttled || !overProvisioned || !legacy || !inventoryLimited || !provisionedUsed {
		t.Fatalf("missing a case: idle %v throttled %v over-provisioned %v legacy %v inventory %v provisioned-used %v",
			idle, throttled, overProvisioned, legacy, inventoryLimited, provisionedUsed)
	}
}

func TestBadAccountIsReportedByStart(t *testing.T) {
	tests := []Account{
		{ID: "a", Namespaces: []Namespace{{ID: ""}}},
		{ID: "a", Namespaces: []Namespace{{ID: "x"}, {ID: "x.a"}}},
		{Namespaces: []Namespace{{ID: "no-account"}}},
		{ID: "a", Namespaces: []Namespace{{ID: "p", Capacity: clients.Capacity{Mode: clients.ModeProvisioned}}}},
		{ID: "a", Namespaces: []Namespace{{ID: "m", Capacity: clients.Capacity{Mode: "turbo"}}}},
	}
	for i, acct := range tests {
		c := New(acct, Options{})
		if err := c.Start(); err == nil {
			c.Close()
			t.Errorf("account %d: Start succeeded, want an error", i)
		}
	}
}
