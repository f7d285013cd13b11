package reliability

import (
	"context"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/workflows"
)

// startBoost starts a boost the way the bot does (bot.TemporalEngine, one
// workflow ID per namespace), for a duration shorter than the bot's one
// minute floor so the tests stay quick.
// It returns the boost's end time.
func (w *world) startBoost(ns string, trus float64, d time.Duration) time.Time {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	end := time.Now().Add(d)
	_, err := bot.NewTemporalEngine(w.admin, w.tq).StartBoost(ctx, workflows.BoostRequest{Namespace: ns, TRUs: trus,
		End: end, Reason: "reliability", Requester: boostUser, Channel: channel})
	if err != nil {
		w.t.Fatalf("starting the boost of %s: %v", ns, err)
	}
	return end
}

// waitReverted polls the simulated cloud until the namespace is back at
// want with no change in progress, and returns when that was seen.
func (w *world) waitReverted(ns string, want clients.Capacity, timeout time.Duration) (time.Time, bool) {
	ok := poll(timeout, func() bool {
		c := w.capacity(ns)
		return c.Current.Equal(want) && !c.RequestInProgress()
	})
	return time.Now(), ok
}

// outcome is how a boost ended, checked against the simulated cloud.
type outcome struct {
	status   workflows.BoostStatus
	observed clients.NamespaceCapacity
	// correct: done, reverted, verified, and the cloud agrees.
	correct bool
	// alerted: an alert names the namespace in the alerts channel.
	alerted bool
	// alertTrue: the alert (or final status) states the capacity the cloud
	// really has.
	alertTrue bool
}

// checkOutcome reads a finished boost and what the cloud and Slack (the calls
// after mark) say.
func (w *world) checkOutcome(mark int, ns string, st workflows.BoostStatus, before clients.Capacity) outcome {
	o := outcome{status: st, observed: w.capacity(ns)}
	o.correct = st.Phase == workflows.PhaseDone && st.Reverted && st.Verified &&
		o.observed.Current.Equal(before) && !o.observed.RequestInProgress()
	for _, c := range w.slack.Calls()[mark:] {
		if c.Method == "chat.postMessage" && c.OK() && c.Param("channel") == alertChannel && strings.Contains(c.Param("text")+string(c.Blocks()), ns) {
			o.alerted = true
			o.alertTrue = o.alertTrue || strings.Contains(c.Param("text")+string(c.Blocks()), o.observed.Current.String())
		}
	}
	return o
}

// repeatedPosts counts Slack messages posted more than once with the same
// channel, thread and text: a message seen twice by the people in it.
func repeatedPosts(calls []fakeslack.Call) (int, []string) {
	seen := map[string]int{}
	var dups []string
	for _, c := range calls {
		if c.Method != "chat.postMessage" || !c.OK() {
			continue
		}
		key := c.Param("channel") + "|" + c.Param("thread_ts") + "|" + c.Param("text")
		seen[key]++
		if seen[key] == 2 {
			dups = append(dups, key)
		}
	}
	return len(dups), dups
}

// rootPosts counts the top-level root messages posted for a namespace's
// boosts.
func rootPosts(calls []fakeslack.Call, ns string) int {
	n := 0
	for _, c := range calls {
		if c.Method == "chat.postMessage" && c.OK() && c.Param("thread_ts") == "" && c.Param("channel") == channel &&
			strings.Contains(c.Param("text"), "Boost of "+ns) {
			n++
		}
	}
	return n
}

func boostedTo(trus float64) clients.Capacity { return clients.Provisioned(trus) }

func onDemand() clients.Capacity { return clients.OnDemand() }
