package simcloud_test

import (
	"context"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

// TestMetricsLabelForm serves the demo account's usage in each label form
// and maps it back through clients.ResolveUsage against the namespaces Cloud
// Ops lists: every namespace maps, in the form served, and nothing is left
// unmapped.
func TestMetricsLabelForm(t *testing.T) {
	for _, form := range []capacity.NameForm{capacity.FormID, capacity.FormName} {
		t.Run(string(form), func(t *testing.T) {
			cloud := simcloud.New(simcloud.DemoAccount(), simcloud.Options{APIKey: parseKey, MetricsLabelForm: form})
			if err := cloud.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(cloud.Close)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			t.Cleanup(cancel)
			ops, err := cloudops.New(cloudops.Options{Address: cloud.GRPCAddr(), APIKey: parseKey, Insecure: true})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = ops.Close() })
			snap, err := metrics.New(metrics.Options{BaseURL: cloud.MetricsURL(), APIKey: parseKey}).FetchUsage(ctx)
			if err != nil {
				t.Fatal(err)
			}
			ids, err := ops.ListNamespaces(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for label := range snap.Namespaces {
				if (label == capacity.BareName(label)) != (form == capacity.FormName) {
					t.Errorf("label %q served in the wrong form for %s", label, form)
				}
			}
			resolved, res := clients.ResolveUsage(snap, ids)
			if res.Form() != string(form) || len(res.Unmapped) != 0 || len(resolved.Namespaces) != len(ids) {
				t.Errorf("resolution %+v (form %q), %d of %d namespaces mapped", res, res.Form(), len(resolved.Namespaces), len(ids))
			}
			if u := resolved.Namespaces["payments."+simcloud.DemoAccountID]; u.ActionsPerSecond != 410 {
				t.Errorf("payments usage %+v, want 410 APS", u)
			}
		})
	}
}
