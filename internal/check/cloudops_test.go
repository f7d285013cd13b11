package check_test

import (
	"testing"
	"time"

	identityv1 "go.temporal.io/cloud-sdk/api/identity/v1"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/check"
)

func TestCloudOpsCheck(t *testing.T) {
	developer := simcloud.KeyIdentity{AccountRole: identityv1.AccountAccess_ROLE_DEVELOPER,
		Namespaces: map[string]identityv1.NamespaceAccess_Permission{
			"payments":    identityv1.NamespaceAccess_PERMISSION_ADMIN,
			"orders-prod": identityv1.NamespaceAccess_PERMISSION_WRITE,
		}}
	tests := []struct {
		name     string
		key      simcloud.KeyIdentity
		simKey   string // the key the simulator accepts ("" = any)
		useKey   string
		address  string // "" = the simulator's
		filter   capacity.NamespaceFilter
		nowAfter time.Duration // the check's clock, after the simulator's start
		want     []want
	}{
		{name: "global admin", want: []want{
			{status: check.StatusOK, saw: []string{"API version v0.26.0", "lists 12 namespaces, 12 allowed"}},
			{status: check.StatusOK, saw: []string{`service account "capacitybot (simulated)"`, "Global Admin"}},
			{status: check.StatusOK, saw: []string{"all 12 allowed namespaces (Global Admin)"}},
			{status: check.StatusOK, saw: []string{"no expiry date"}},
			{status: check.StatusOK, saw: []string{"GetNamespaceCapacityInfo analytics-etl.demo42", "2, 3, 4, 6, 8, 10, 12"}},
		}},
		{name: "namespace admin on every allowed namespace", key: developer,
			filter: capacity.NamespaceFilter{Allow: []string{"payments*"}}, want: []want{
				{status: check.StatusOK, saw: []string{"1 allowed"}},
				{status: check.StatusOK, saw: []string{"Developer", "permissions on 2 namespaces"}},
				{status: check.StatusOK, saw: []string{"all 1 allowed namespace (Namespace Admin on each)"}},
				{status: check.StatusOK},
				{status: check.StatusOK, saw: []string{"payments.demo42"}},
			}},
		{name: "no namespace admin on allowed namespaces", key: developer,
			filter: capacity.NamespaceFilter{Allow: []string{"payments*", "orders*", "checkout*"}}, want: []want{
				{status: check.StatusOK, saw: []string{"3 allowed"}},
				{status: check.StatusOK, saw: []string{"Developer"}},
				{status: check.StatusFail,
					saw: []string{"2 of 3 allowed namespaces: checkout-prod.demo42 (no access), orders-prod.demo42 (Write)"},
					fix: []string{"Namespace Admin on checkout-prod.demo42, orders-prod.demo42", "Global Admin", "NAMESPACE_DENYLIST"}},
				{status: check.StatusOK},
				{status: check.StatusOK},
			}},
		{name: "key expires within 14 days", key: simcloud.KeyIdentity{ExpiresIn: 10 * 24 * time.Hour}, want: []want{
			{status: check.StatusOK}, {status: check.StatusOK}, {status: check.StatusOK},
			{status: check.StatusWarn, saw: []string{"expires in 10 days", "Sun 6 Dec 12:00 UTC"}, fix: []string{"TEMPORAL_CLOUD_OPS_API_KEY", "before Sun 6 Dec"}},
			{status: check.StatusOK},
		}},
		{name: "key expires later", key: simcloud.KeyIdentity{ExpiresIn: 90 * 24 * time.Hour}, want: []want{
			{status: check.StatusOK}, {status: check.StatusOK}, {status: check.StatusOK},
			{status: check.StatusOK, saw: []string{"expires in 90 days"}},
			{status: check.StatusOK},
		}},
		{name: "key expired", key: simcloud.KeyIdentity{ExpiresIn: 24 * time.Hour}, nowAfter: 48 * time.Hour, want: []want{
			{status: check.StatusOK}, {status: check.StatusOK}, {status: check.StatusOK},
			{status: check.StatusFail, saw: []string{"expired on Fri 27 Nov 12:00 UTC"}, fix: []string{"create a new API key"}},
			{status: check.StatusOK},
		}},
		{name: "nothing allowed", filter: capacity.NamespaceFilter{Deny: []string{"*"}}, want: []want{
			{status: check.StatusOK, saw: []string{"0 allowed"}},
			{status: check.StatusOK},
			{status: check.StatusWarn, saw: []string{"no namespace is allowed"}, fix: []string{"NAMESPACE_ALLOWLIST"}},
			{status: check.StatusOK},
			{status: check.StatusOff, saw: []string{"not asked"}},
		}},
		{name: "bogus key", simKey: "the-right-key", useKey: "bogus", want: []want{
			{status: check.StatusFail, saw: []string{"GetCurrentIdentity", "Unauthenticated"},
				fix: []string{"TEMPORAL_CLOUD_OPS_API_KEY is not accepted", "Namespace Admin"}},
		}},
		{name: "unreachable address", address: "127.0.0.1:1", want: []want{
			{status: check.StatusFail, saw: []string{"GetCurrentIdentity at 127.0.0.1:1", "unavailable"},
				fix: []string{"CLOUD_OPS_API_ADDRESS"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sim(t, simcloud.Options{Identity: tt.key, APIKey: tt.simKey})
			addr := c.GRPCAddr()
			if tt.address != "" {
				addr = tt.address
			}
			key := tt.useKey
			if key == "" {
				key = "any"
			}
			got := run(check.CloudOpsCheck(check.CloudOpsOptions{
				API: opsClient(t, addr, key), Simulated: true, Address: addr, APIVersion: "v0.26.0",
				Filter: tt.filter, Now: func() time.Time { return start.Add(tt.nowAfter) },
			}))
			assertResults(t, got, tt.want)
			for _, r := range got {
				if r.Part != "Cloud Ops API" || !r.Simulated {
					t.Errorf("result %+v: want part Cloud Ops API, simulated", r)
				}
			}
		})
	}
}
