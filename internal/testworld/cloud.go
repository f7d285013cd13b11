package testworld

import (
	"testing"

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
