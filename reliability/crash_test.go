package reliability

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/workflows"
)

// crashPhase is a moment of a boost at which the process is killed, and how
// to recognise it from outside.
type crashPhase struct {
	name string
	// reached reports whether the boost of ns is in this phase now; base
	// is the cloud's counters before the boost started.
	reached func(w *world, ns string, base simcloud.Stats) bool
	// hang, when set, makes the Nth UpdateNamespace of the boost hang in
	// the cloud for 2 s, so the kill lands while that call is in flight.
	hang int
	// jitter is the most the kill waits after the phase is reached, so
	// repeated runs land at different points within it.
	jitter time.Duration
}

func crashPhases() []crashPhase {
	boosted := clients.Provisioned(4)
	return []crashPhase{
		{name: "applying", jitter: 150 * time.Millisecond, reached: func(w *world, ns string, _ simcloud.Stats) bool {
			return w.phase(ns) == workflows.PhaseApplying
		}},
		{name: "waiting-for-operation", jitter: 300 * time.Millisecond, reached: func(w *world, ns string, _ simcloud.Stats) bool {
			c := w.capacity(ns)
			return c.RequestInProgress() && !c.Current.Equal(boosted)
		}},
		{name: "holding", jitter: time.Second, reached: func(w *world, ns string, _ simcloud.Stats) bool {
			c := w.capacity(ns)
			return c.Current.Equal(boosted) && !c.RequestInProgress()
		}},
		{name: "reverting", jitter: 300 * time.Millisecond, reached: func(w *world, ns string, _ simcloud.Stats) bool {
			c := w.capacity(ns)
			return c.Current.Equal(boosted) && c.RequestInProgress()
		}},
		{name: "applying-call-in-flight", hang: 1, jitter: 300 * time.Millisecond, reached: updateCalls(1)},
		{name: "reverting-call-in-flight", hang: 2, jitter: 300 * time.Millisecond, reached: updateCalls(2)},
	}
}

// updateCalls is reached once the boost's nth UpdateNamespace call has
// arrived at the cloud.
func updateCalls(n int) func(w *world, ns string, base simcloud.Stats) bool {
	return func(w *world, _ string, base simcloud.Stats) bool {
		return w.cloud.Stats().Calls["UpdateNamespace"]-base.Calls["UpdateNamespace"] >= n
	}
}

// lateBudget is how late a revert may finish past the boost's end, beyond
// the time the process was down: an activity whose worker died mid-call is
// retried only after its start-to-close timeout (60 s for Cloud changes),
// then the change and its checks take their time; on a loaded two-core
// machine that came to 81 s once, so the budget leaves room for CI.
const lateBudget = 120 * time.Second

// TestCrashDuringEachPhase kills the process (worker and bot) hard during
// each phase of a boost, together with the embedded Temporal server it runs
// (as the default single-process deployment would lose it), starts it again
// on the same data folder, and checks the boost completes with the capacity
// back where it was, on time, changed exactly twice (boost and revert).
func TestCrashDuringEachPhase(t *testing.T) {
	t.Parallel()
	// The phases run side by side, each in its own world, whatever
	// -parallel says: they spend most of their time waiting on Temporal's
	// timeouts, not on the CPU.
	var wg sync.WaitGroup
	defer wg.Wait()
	for _, ph := range crashPhases() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t.Run(ph.name, func(t *testing.T) { crashPhaseRuns(t, ph) })
		}()
	}
}

// crashPhaseRuns crashes boosts in one phase, SOAK_RUNS times, in a world
// of its own.
func crashPhaseRuns(t *testing.T, ph crashPhase) {
	cnt := newCounters("1 crash while " + ph.name)
	w := newWorld(t, worldOptions{opDelay: 1500 * time.Millisecond, checkDuration: 100 * time.Millisecond})
	p := w.startProcess("bot-0", 1)
	for run := 0; run < runs(t); run++ {
		var ok bool
		p, ok = crashRun(t, w, p, cnt, fmt.Sprintf("%s/run%02d", ph.name, run+1), nsID(1+run%12), ph)
		if !ok {
			return
		}
	}
	p.kill()
	checkNoSecrets(t, w.logs, cnt)
}

// crashRun is one boost with one crash; it returns the process running
// after the restart.
func crashRun(t *testing.T, w *world, p *process, cnt *counters, name, ns string, ph crashPhase) (*process, bool) {
	t.Helper()
	before := w.capacity(ns).Current
	base := w.cloud.Stats()
	applied := base.UpdatesApplied
	callsBefore := len(w.slack.Calls())
	if ph.hang > 0 {
		remove := w.cloud.Inject(simcloud.Fault{Method: "UpdateNamespace", Namespace: ns, Kind: simcloud.FaultTimeout,
			Delay: 2 * time.Second, Every: ph.hang, Times: 1})
		defer remove()
		cnt.add(func(c *counts) { c.FaultsInjected++ })
	}
	// 15 s: on a loaded machine the workflow's validation has come more than
	// 6 s after the start (the end was then in the past and the boost refused).
	w.startBoost(ns, 4, 15*time.Second)
	cnt.add(func(c *counts) { c.Runs++; c.BoostsStarted++ })

	// Generous: the phase comes within seconds, but a stalled machine (one
	// soak run saw 14 s without a scheduled goroutine) must not fail it.
	if !poll(time.Minute, func() bool { return ph.reached(w, ns, base) }) {
		t.Errorf("%s: the boost of %s never reached %s (phase %s)", name, ns, ph.name, w.phase(ns))
		return p, false
	}
	if ph.jitter > 0 {
		time.Sleep(rand.N(ph.jitter)) // where in the phase the kill lands, not synchronisation
	}
	killedAt := time.Now()
	sentBeforeKill := w.cloud.Stats().UpdatesApplied - applied
	p.kill()
	w.stopServer()
	w.startServer()
	p = w.startProcess("bot-"+name, 1)
	down := time.Since(killedAt)

	st, err := w.result(ns, 3*time.Minute)
	finished := time.Now()
	if err != nil {
		t.Errorf("%s: the boost of %s did not finish after the restart: %v", name, ns, err)
		return p, false
	}
	o := w.checkOutcome(callsBefore, ns, st, before)
	late := finished.Sub(st.End) - down
	if killedAt.After(st.End) {
		late = finished.Sub(st.End)
	}
	changes := w.cloud.Stats().UpdatesApplied - applied
	roots := rootPosts(w.slack.Calls()[callsBefore:], ns)
	repeated, _ := repeatedPosts(w.slack.Calls()[callsBefore:])
	cnt.add(func(c *counts) {
		if o.correct {
			c.EndedCorrect++
		}
		if o.alerted {
			c.AlertsSent++
		}
		if changes > 2 {
			c.Duplicates += changes - 2
		}
		if roots > 1 {
			c.Duplicates += roots - 1
		}
		c.MaxLateMS = max(c.MaxLateMS, late.Milliseconds())
		c.RepeatedPosts += repeated
		if sentBeforeKill > 0 {
			c.KilledAfterSend++
		}
	})
	t.Logf("%s: %s repeated posts=%d changes sent before the kill=%d; ended %s reverted=%v verified=%v observed=%s changes=%d roots=%d down=%s late=%s",
		name, ns, repeated, sentBeforeKill, st.Phase, st.Reverted, st.Verified, o.observed.Current, changes, roots,
		down.Round(time.Millisecond), late.Round(time.Millisecond))
	if !o.correct {
		t.Errorf("%s: boost of %s ended %s (reverted %v, verified %v, error %q); the cloud has %s (in progress %v), want %s",
			name, ns, st.Phase, st.Reverted, st.Verified, st.Error, o.observed.Current, o.observed.RequestInProgress(), before)
	}
	if changes != 2 {
		t.Errorf("%s: %d capacity changes applied, want 2 (the boost and its revert)", name, changes)
	}
	if roots != 1 {
		t.Errorf("%s: %d root messages for the boost of %s, want 1", name, roots, ns)
	}
	if late > lateBudget {
		t.Errorf("%s: reverted %s after the end beyond the downtime, budget %s", name, late, lateBudget)
	}
	return p, !t.Failed()
}
