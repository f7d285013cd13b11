package reliability

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/workflows"
)

// faultPlan is the trouble one namespace's boost meets, and how it must end.
type faultPlan struct {
	name   string
	faults []simcloud.Fault // Namespace is filled in per run
	// fails: the boost cannot succeed (the change is refused or fails), so it
	// must end failed, alerted, with the namespace verifiably unchanged.
	fails bool
}

func faultPlans() []faultPlan {
	const upd, get, op = "UpdateNamespace", "GetNamespace", "GetAsyncOperation"
	return []faultPlan{
		{name: "503 on apply x2", faults: []simcloud.Fault{{Method: upd, Kind: simcloud.FaultUnavailable, Times: 2}}},
		{name: "429 Retry-After on reads x3", faults: []simcloud.Fault{{Method: get, Kind: simcloud.FaultRateLimited, Times: 3, RetryAfter: time.Second}}},
		{name: "429 Retry-After on apply", faults: []simcloud.Fault{{Method: upd, Kind: simcloud.FaultRateLimited, Times: 1, RetryAfter: 2 * time.Second}}},
		{name: "poll times out x2", faults: []simcloud.Fault{{Method: op, Kind: simcloud.FaultTimeout, Times: 2, Delay: time.Second}}},
		{name: "poll hangs to the call deadline", faults: []simcloud.Fault{{Method: op, Kind: simcloud.FaultTimeout, Times: 1}}},
		{name: "stale resource version", faults: []simcloud.Fault{{Method: upd, Kind: simcloud.FaultStaleVersion, Times: 1}}},
		{name: "every 3rd call 503", faults: []simcloud.Fault{{Kind: simcloud.FaultUnavailable, Every: 3, Times: 4}}},
		{name: "revert operation fails once", faults: []simcloud.Fault{{Method: upd, Kind: simcloud.FaultOpFails, Every: 2, Times: 1}}},
		{name: "apply operation fails", fails: true, faults: []simcloud.Fault{{Method: upd, Kind: simcloud.FaultOpFails, Times: 1}}},
		{name: "out of inventory", fails: true, faults: []simcloud.Fault{{Method: upd, Kind: simcloud.FaultOutOfInventory, Times: 1}}},
	}
}

// TestCloudFaults runs a batch of concurrent boosts, one per namespace, each
// meeting its own Cloud Ops faults, and checks every one ends reverted and
// verified, or failed with an alert and the namespace as the cloud really
// has it: none is left changed without an alert.
func TestCloudFaults(t *testing.T) {
	t.Parallel()
	cnt := newCounters("2 cloud faults")
	plans := faultPlans()
	// Fresh namespaces for every batch: some faults (out of inventory)
	// change the namespace for good, as they would in the real service.
	w := newWorld(t, worldOptions{namespaces: len(plans) * runs(t), opDelay: 300 * time.Millisecond, checkDuration: 100 * time.Millisecond})
	w.startProcess("bot-1", 1)
	for run := 0; run < runs(t); run++ {
		mark := w.slack.Mark()
		var removes []func()
		type started struct {
			plan faultPlan
			ns   string
		}
		var batch []started
		for i, pl := range plans {
			ns := nsID(1 + run*len(plans) + i)
			for _, f := range pl.faults {
				f.Namespace = ns
				removes = append(removes, w.cloud.Inject(f))
				cnt.add(func(c *counts) { c.FaultsInjected += f.Times })
			}
			batch = append(batch, started{plan: pl, ns: ns})
		}
		befores := map[string]string{}
		for _, b := range batch {
			befores[b.ns] = w.capacity(b.ns).Current.String()
		}
		var wg sync.WaitGroup
		for i := range batch {
			wg.Add(1)
			go func() {
				defer wg.Done()
				w.startBoost(batch[i].ns, 4, 12*time.Second)
			}()
		}
		wg.Wait()
		cnt.add(func(c *counts) { c.Runs++; c.BoostsStarted += len(batch) })
		for _, b := range batch {
			st, err := w.result(b.ns, 4*time.Minute)
			if err != nil {
				t.Fatalf("run %d, %s: the boost of %s did not end: %v", run+1, b.plan.name, b.ns, err)
			}
			checkFaultOutcome(t, w, cnt, mark, fmt.Sprintf("run %d, %s", run+1, b.plan.name), b.ns, st, befores[b.ns], b.plan.fails)
		}
		for _, r := range removes {
			r()
		}
		if t.Failed() {
			return
		}
	}
	checkNoSecrets(t, w.logs, cnt)
}

// checkFaultOutcome applies the rule: reverted and verified, or alerted with
// the true state; never changed without an alert.
func checkFaultOutcome(t *testing.T, w *world, cnt *counters, mark int, name, ns string, st workflows.BoostStatus, before string, fails bool) {
	t.Helper()
	observed := w.capacity(ns)
	o := w.checkOutcome(mark, ns, st, observed.Current)
	changed := observed.Current.String() != before || observed.RequestInProgress()
	cnt.add(func(c *counts) {
		if o.correct && !fails {
			c.EndedCorrect++
		}
		if fails && o.alerted && o.alertTrue && !changed && st.Phase == workflows.PhaseFailed {
			c.EndedCorrect++ // ended as it must: failed, alerted, the truth told
		}
		if o.alerted {
			c.AlertsSent++
		}
	})
	t.Logf("%s: %s ended %s (reverted %v, verified %v, alerted %v); cloud %s (was %s)", name, ns, st.Phase,
		st.Reverted, st.Verified, o.alerted, observed.Current, before)
	if changed && !o.alerted {
		t.Errorf("%s: %s left at %s (was %s) without an alert", name, ns, observed.Current, before)
	}
	if o.alerted && !o.alertTrue {
		t.Errorf("%s: the alert for %s does not state the capacity it really has (%s)", name, ns, observed.Current)
	}
	switch {
	case fails:
		if st.Phase != workflows.PhaseFailed || !o.alerted || changed {
			t.Errorf("%s: %s ended %s, alerted %v, cloud %s (was %s); want failed, alerted, unchanged",
				name, ns, st.Phase, o.alerted, observed.Current, before)
		}
	case !o.correct:
		t.Errorf("%s: %s ended %s (reverted %v, verified %v, error %q), cloud %s; want done, reverted to %s and verified",
			name, ns, st.Phase, st.Reverted, st.Verified, st.Error, observed.Current, before)
	}
}
