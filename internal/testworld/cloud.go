package testworld

import (
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// StartCloud starts a simulated cloud and closes it when the test ends, so
// that a test failing half-way does not leak its listeners.
func StartCloud(t testing.TB, account simcloud.Account, o simcloud.Options) *simcloud.Cloud {
	t.Helper()
	c := simcloud.New(account, o)
	if err := c.Start(); err != nil {
		t.Fatalf("starting the simulated cloud: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// DemoNamespaces are the demo account's namespace IDs as the bot shows
// them, qualified with the account.
func DemoNamespaces() []string {
	acct := simcloud.DemoAccount()
	ids := make([]string, 0, len(acct.Namespaces))
	for _, n := range acct.Namespaces {
		id := n.ID
		if !strings.Contains(id, ".") {
			id = DemoNamespace(id)
		}
		ids = append(ids, id)
	}
	return ids
}

// DemoNamespace is the full ID of one of the demo account's namespaces,
// named without its account suffix ("payments").
func DemoNamespace(name string) string { return name + "." + simcloud.DemoAccountID }

// Capacity is a namespace's capacity as the simulated cloud sees it; an
// unknown namespace fails the test.
func Capacity(t testing.TB, c *simcloud.Cloud, ns string) clients.NamespaceCapacity {
	t.Helper()
	_, nc, ok := c.Snapshot(ns)
	if !ok {
		t.Fatalf("namespace %s unknown to the simulated cloud", ns)
	}
	return nc
}
