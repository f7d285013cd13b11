package reliability

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"go.temporal.io/api/workflowservice/v1"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestDuplicatesAndReplicas runs two bot processes on one Temporal server
// and one fake Slack, which spreads envelopes between their connections.
// Each boost's slash command is redelivered twice and its Revert button is
// double-clicked; each must start exactly one workflow, change the capacity
// exactly twice (boost, revert), post one root message, and no envelope may
// go unanswered.
func TestDuplicatesAndReplicas(t *testing.T) {
	t.Parallel()
	cnt := newCounters("4 duplicates and replicas")
	w := newWorld(t, worldOptions{opDelay: 300 * time.Millisecond, checkDuration: 100 * time.Millisecond})
	w.startProcess("bot-a", 1)
	w.startProcess("bot-b", 1)
	if err := w.slack.WaitConnections(2, wait); err != nil {
		t.Fatal(err)
	}
	boosts := map[string]int{} // boosts started per namespace in this world
	const perRun = 3
	for run := 0; run < runs(t); run++ {
		applied := w.cloud.Stats().UpdatesApplied
		mark := w.slack.Mark()
		var nss []string
		var envelopes []string
		for k := 0; k < perRun; k++ {
			ns := nsID(1 + (run*perRun+k)%12)
			nss = append(nss, ns)
			boosts[ns]++
			id := w.slash(boostUser, fmt.Sprintf("boost %s 4 for 1h duplicate test", ns), fmt.Sprintf("trig-%d-%s", run, ns))
			envelopes = append(envelopes, id)
			for r := 0; r < 2; r++ {
				if err := w.slack.Redeliver(id); err != nil {
					t.Fatalf("redelivering %s: %v", id, err)
				}
			}
		}
		cnt.add(func(c *counts) { c.Runs++; c.BoostsStarted += perRun; c.FaultsInjected += 2 * perRun })
		for _, ns := range nss {
			waitFor(t, wait, "boost of "+ns+" applied", func() bool { return w.capacity(ns).Current.Equal(boostedTo(4)) })
		}
		// Double-click Revert on each root message: two envelopes per
		// click pair, spread over both replicas.
		for _, ns := range nss {
			rootTS := w.revertButtonShown(mark, ns)
			var wg sync.WaitGroup
			clicks := make([]string, 2)
			for click := range clicks {
				wg.Add(1)
				go func() {
					defer wg.Done()
					id, err := w.slack.SendInteraction(slack.InteractionCallback{Type: slack.InteractionTypeBlockActions,
						User: slack.User{ID: boostUser, Name: "booster"}, Channel: slack.Channel{GroupConversation: slack.GroupConversation{Conversation: slack.Conversation{ID: channel}}},
						TriggerID: fmt.Sprintf("click-%d-%s-%d", run, ns, click),
						Message:   slack.Message{Msg: slack.Msg{Timestamp: rootTS}},
						ActionCallback: slack.ActionCallbacks{BlockActions: []*slack.BlockAction{{
							ActionID: slackbot.ActionRevert, BlockID: "boost_actions", Value: ns}}}})
					if err != nil {
						t.Errorf("clicking Revert for %s: %v", ns, err)
						return
					}
					clicks[click] = id
				}()
			}
			wg.Wait()
			envelopes = append(envelopes, clicks...)
			cnt.add(func(c *counts) { c.FaultsInjected++ }) // the second click
		}
		ended := 0
		for _, ns := range nss {
			st, err := w.result(ns, time.Minute)
			if err != nil {
				t.Fatalf("run %d: the boost of %s did not end: %v", run+1, ns, err)
			}
			if o := w.checkOutcome(mark, ns, st, onDemand()); o.correct {
				ended++
			} else {
				t.Errorf("run %d: %s ended %s (reverted %v, verified %v)", run+1, ns, st.Phase, st.Reverted, st.Verified)
			}
		}
		calls := w.slack.Calls()[mark:]
		changes := w.cloud.Stats().UpdatesApplied - applied
		dups := max(0, changes-2*perRun)
		for _, ns := range nss {
			if r := rootPosts(calls, ns); r != 1 {
				t.Errorf("run %d: %d root messages for %s, want 1", run+1, r, ns)
				dups += max(0, r-1)
			}
			if n := w.executions(workflows.BoostWorkflowID(ns), boosts[ns]); n != boosts[ns] {
				t.Errorf("run %d: %d boost workflows of %s so far, want %d", run+1, n, ns, boosts[ns])
				dups += max(0, n-boosts[ns])
			}
		}
		lost := 0
		for _, id := range envelopes {
			if w.slack.AckCount(id) == 0 {
				lost++
				t.Errorf("run %d: envelope %s never acked", run+1, id)
			}
		}
		if changes != 2*perRun {
			t.Errorf("run %d: %d capacity changes, want %d (a boost and a revert each)", run+1, changes, 2*perRun)
		}
		cnt.add(func(c *counts) { c.EndedCorrect += ended; c.Duplicates += dups })
		t.Logf("run %d: %d boosts ended correct, %d changes, %d duplicates, %d envelopes, %d lost, connections used %v",
			run+1, ended, changes, dups, len(envelopes), lost, connectionsUsed(w.slack, envelopes))
		if t.Failed() {
			return
		}
	}
	checkNoSecrets(t, w.logs, cnt)
}

// connectionsUsed lists the sockets the envelopes went to.
func connectionsUsed(fs *fakeslack.Server, ids []string) map[int]int {
	used := map[int]int{}
	for _, id := range ids {
		if c, ok := fs.DeliveredTo(id); ok {
			used[c]++
		}
	}
	return used
}

// executions counts the workflow runs with an ID (open or closed), polling
// visibility, which lags, until it has seen at least min of them.
func (w *world) executions(id string, min int) int {
	w.t.Helper()
	n := 0
	poll(wait, func() bool {
		n = 0
		var token []byte
		for {
			resp, err := w.admin.ListWorkflow(context.Background(), &workflowservice.ListWorkflowExecutionsRequest{
				Query: fmt.Sprintf("WorkflowId = %q", id), NextPageToken: token})
			if err != nil {
				w.t.Errorf("listing workflows %s: %v", id, err)
				return true
			}
			n += len(resp.Executions)
			if token = resp.NextPageToken; len(token) == 0 {
				break
			}
		}
		return n >= min
	})
	return n
}

// revertButtonShown waits until the root message, as edited, carries the
// Revert button for ns (what a person would click) and returns its ts.
func (w *world) revertButtonShown(mark int, ns string) string {
	w.t.Helper()
	c, err := w.slack.WaitCallAfter(mark, wait, func(c fakeslack.Call) bool {
		if !c.OK() || c.Method != "chat.update" || c.Param("channel") != channel ||
			!strings.HasPrefix(c.Param("text"), "Boost of "+ns) {
			return false
		}
		v, ok := buttonValue(c.Blocks(), slackbot.ActionRevert)
		return ok && v == ns
	})
	if err != nil {
		w.t.Fatalf("the root message of %s never showed a Revert button for it: %v\ncalls:\n%s", ns, err, dumpCalls(w.slack.Calls()[mark:]))
	}
	return c.Param("ts")
}

// buttonValue finds a button's value in a message's blocks; blocks that
// do not decode have no buttons.
func buttonValue(blocksJSON json.RawMessage, actionID string) (string, bool) {
	_, v, ok, err := testworld.FindButton(blocksJSON, actionID)
	return v, ok && err == nil
}
