package simcloud

import (
	"testing"

	"github.com/capacitybot/capacitybot/clients"
)

// A change made outside the bot shows at once, as a completed request with
// a new resource version, like one made with Terraform would.
func TestSetCapacityOutside(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	_, before, _ := c.Snapshot(payments)
	if !c.SetCapacityOutside(payments, clients.Provisioned(6)) {
		t.Fatal("SetCapacityOutside refused a known namespace")
	}
	_, after, _ := c.Snapshot(payments)
	if !after.Current.Equal(clients.Provisioned(6)) || after.RequestInProgress() || after.ResourceVersion == before.ResourceVersion {
		t.Errorf("after the outside change: %+v (before %+v)", after, before)
	}
	if c.SetCapacityOutside("nope.demo42", clients.Provisioned(6)) {
		t.Error("SetCapacityOutside accepted an unknown namespace")
	}
}
