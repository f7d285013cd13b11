package check_test

import (
	"context"
	"testing"
	"time"

	identityv1 "go.temporal.io/cloud-sdk/api/identity/v1"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
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
		faults   []simcloud.Fault
		version  string // the version header sent; "" = v0.26.0
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
		{name: "rate limited", faults: []simcloud.Fault{{Method: "GetCurrentIdentity", Kind: simcloud.FaultRateLimited}}, want: []want{
			{status: check.StatusFail, saw: []string{"GetCurrentIdentity", "rate_limited"}, fix: []string{"rate limit is spent", "CLOUD_OPS_RATE_LIMIT"}},
		}},
		{name: "namespace list fails after the identity", faults: []simcloud.Fault{{Method: "GetNamespaces", Kind: simcloud.FaultUnavailable}}, want: []want{
			{status: check.StatusFail, saw: []string{"GetNamespaces at", "unavailable"}, fix: []string{"CLOUD_OPS_API_ADDRESS"}},
		}},
		{name: "capacity info fails", faults: []simcloud.Fault{{Method: "GetNamespaceCapacityInfo", Kind: simcloud.FaultUnavailable}}, want: []want{
			{status: check.StatusOK}, {status: check.StatusOK}, {status: check.StatusOK}, {status: check.StatusOK},
			{status: check.StatusFail, saw: []string{"GetNamespaceCapacityInfo analytics-etl.demo42 failed"}, fix: []string{"read access to analytics-etl.demo42"}},
		}},
		{name: "version too old for capacity", version: "v0.9.9", want: []want{
			{status: check.StatusFail, saw: []string{"API version v0.9.9 is accepted but older than v0.10.0"}, fix: []string{"TEMPORAL_CLOUD_API_VERSION"}},
			{status: check.StatusOK}, {status: check.StatusOK}, {status: check.StatusOK}, {status: check.StatusOK},
		}},
		{name: "unreachable address", address: "127.0.0.1:1", want: []want{
			{status: check.StatusFail, saw: []string{"GetCurrentIdentity at 127.0.0.1:1", "unavailable"},
				fix: []string{"CLOUD_OPS_API_ADDRESS"}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := sim(t, simcloud.Options{Identity: tt.key, APIKey: tt.simKey})
			for _, f := range tt.faults {
				c.Inject(f)
			}
			version := tt.version
			if version == "" {
				version = "v0.26.0"
			}
			addr := c.GRPCAddr()
			if tt.address != "" {
				addr = tt.address
			}
			key := tt.useKey
			if key == "" {
				key = "any"
			}
			got := run(check.CloudOpsCheck(check.CloudOpsOptions{
				API: opsClient(t, addr, key, version), Simulated: true, Address: addr, APIVersion: version,
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

// noIdentity is a Cloud Ops API whose GetCurrentIdentity fails in a way that
// does not stop the other calls (an unclassified answer).
type noIdentity struct{ *cloudops.Client }

func (noIdentity) CurrentIdentity(context.Context) (clients.Identity, error) {
	return clients.Identity{}, &clients.Error{Op: "GetCurrentIdentity", Kind: clients.KindInternal, Code: "Unimplemented", Unclassified: true}
}

func TestCloudOpsCheckWithoutIdentity(t *testing.T) {
	c := sim(t, simcloud.Options{})
	got := run(check.CloudOpsCheck(check.CloudOpsOptions{API: noIdentity{opsClient(t, c.GRPCAddr(), "any", "")},
		Address: c.GRPCAddr(), APIVersion: "v0.26.0"}))
	assertResults(t, got, []want{
		{status: check.StatusOK},
		{status: check.StatusWarn, saw: []string{"GetCurrentIdentity failed", "roles were not read", "Unimplemented"}, fix: []string{"unknown until a boost"}},
		{status: check.StatusOK, saw: []string{"GetNamespaceCapacityInfo"}},
	})
}
