package reliability

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
)

// TestSlackFaults runs boosts while Slack rate-limits (429 with
// Retry-After), answers errors and drops the Socket Mode connection, and
// checks the capacity change is unaffected (done, verified, on time) and the
// boost's messages all arrive once Slack is back, none twice.
func TestSlackFaults(t *testing.T) {
	t.Parallel()
	cnt := newCounters("3 slack faults")
	w := newWorld(t, worldOptions{opDelay: 300 * time.Millisecond, checkDuration: 100 * time.Millisecond})
	w.startProcess("bot-1", 1)
	for run := 0; run < runs(t); run++ {
		ns := nsID(1 + run%12)
		name := fmt.Sprintf("run %d", run+1)
		before := w.capacity(ns).Current
		applied := w.cloud.Stats().UpdatesApplied
		mark := w.slack.Mark()
		connects := w.slack.Connects()

		// Slack misbehaves from the first message on: the root post is
		// rate-limited, edits fail, then the socket drops mid-boost.
		w.slack.RateLimit("chat.postMessage", 3, time.Second)
		w.slack.FailNext("chat.update", 2, "internal_error")
		w.slack.FailNext("chat.postMessage", 1, "fatal_error")
		end := w.startBoost(ns, 4, 5*time.Second)
		cnt.add(func(c *counts) { c.Runs++; c.BoostsStarted++; c.FaultsInjected += 3 + 2 + 1 })
		waitFor(t, wait, name+": boost applied", func() bool { return w.capacity(ns).Current.Equal(boostedTo(4)) })
		w.slack.Disconnect()
		w.slack.RateLimit("chat.postMessage", 2, 2*time.Second)
		cnt.add(func(c *counts) { c.FaultsInjected += 1 + 2 })

		revertedAt, ok := w.waitReverted(ns, before, time.Minute)
		if !ok {
			t.Errorf("%s: %s not back to %s within a minute of the end", name, ns, before)
		}
		late := revertedAt.Sub(end)
		st, err := w.result(ns, 2*time.Minute)
		if err != nil {
			t.Fatalf("%s: the boost of %s did not end: %v", name, ns, err)
		}
		o := w.checkOutcome(mark, ns, st, before)
		if err := w.slack.WaitConnects(connects+1, wait); err != nil {
			t.Errorf("%s: the bot did not reconnect after the socket dropped: %v", name, err)
		}
		calls := w.slack.Calls()[mark:]
		dups, which := repeatedPosts(calls)
		roots := rootPosts(calls, ns)
		missing := missingSteps(calls, ns)
		changes := w.cloud.Stats().UpdatesApplied - applied
		cnt.add(func(c *counts) {
			if o.correct && changes == 2 && len(missing) == 0 {
				c.EndedCorrect++
			}
			if o.alerted {
				c.AlertsSent++
			}
			c.Duplicates += dups + max(0, roots-1) + max(0, changes-2)
			c.MaxLateMS = max(c.MaxLateMS, late.Milliseconds())
		})
		t.Logf("%s: %s ended %s, late %s, %d changes, %d roots, repeated posts %d, missing %v",
			name, ns, st.Phase, late.Round(time.Millisecond), changes, roots, dups, missing)
		if !o.correct || changes != 2 {
			t.Errorf("%s: %s ended %s (reverted %v, verified %v), %d changes; want done, verified, 2 changes",
				name, ns, st.Phase, st.Reverted, st.Verified, changes)
		}
		if late > 5*time.Second {
			t.Errorf("%s: reverted %s after the end; Slack trouble must not delay the capacity change", name, late)
		}
		if dups > 0 || roots != 1 {
			t.Errorf("%s: %d messages posted twice (%v), %d root messages", name, dups, which, roots)
		}
		if len(missing) > 0 {
			t.Errorf("%s: thread replies never arrived: %v\ncalls:\n%s", name, missing, dumpCalls(calls))
		}
		if t.Failed() {
			return
		}
	}
	checkNoSecrets(t, w.logs, cnt)
}

// missingSteps lists the boost's expected thread replies that were never
// posted successfully.
func missingSteps(calls []fakeslack.Call, ns string) []string {
	want := []string{"Applying", "is now at", "Reverting", "is back to"}
	var missing []string
	for _, s := range want {
		found := false
		for _, c := range calls {
			if c.Method == "chat.postMessage" && c.OK() && c.Param("thread_ts") != "" &&
				strings.Contains(c.Param("text")+string(c.Blocks()), s) && strings.Contains(c.Param("text")+string(c.Blocks()), ns) {
				found = true
				break
			}
		}
		if !found {
			missing = append(missing, s)
		}
	}
	return missing
}

func dumpCalls(calls []fakeslack.Call) string {
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "  %s %s channel=%s thread=%s text=%q err=%s\n", c.At.Format("15:04:05.000"),
			c.Method, c.Param("channel"), c.Param("thread_ts"), clip(c.Param("text"), 120), c.Error)
	}
	return b.String()
}
