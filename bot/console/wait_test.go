package console

import (
	"bytes"
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestWaitWaitsForEveryStartedWorkflowToClose checks that, given a way to
// wait on workflows, Wait returns only after every workflow the session
// started has closed, so a piped script sees the last thread reply.
func TestWaitWaitsForEveryStartedWorkflowToClose(t *testing.T) {
	release := make(chan struct{})
	var mu sync.Mutex
	var waited []string
	c := New(Options{Out: &bytes.Buffer{}, WaitWorkflow: func(ctx context.Context, id string) error {
		select {
		case <-release:
		case <-ctx.Done():
			return ctx.Err()
		}
		mu.Lock()
		waited = append(waited, id)
		mu.Unlock()
		return nil
	}})
	c.track(bot.Reply{WorkflowID: workflows.BoostWorkflowID("payments.demo42")})
	c.track(bot.Reply{WorkflowID: "capacity-analyze-console-1"})
	c.track(bot.Reply{WorkflowID: "refused", Refused: true})

	done := make(chan struct{})
	go func() { c.Wait(context.Background(), time.Minute); close(done) }()
	select {
	case <-done:
		t.Fatal("Wait returned before the workflows closed")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return after the workflows closed")
	}
	mu.Lock()
	defer mu.Unlock()
	slices.Sort(waited)
	if !slices.Equal(waited, []string{"capacity-analyze-console-1", "capacity-boost-payments.demo42"}) {
		t.Fatalf("waited for %v, want the boost and the analysis (not the refused one)", waited)
	}
}

// steppingClock returns start, then start+step, start+2*step, … at each call.
func steppingClock(start time.Time, step time.Duration) func() time.Time {
	var mu sync.Mutex
	next := start
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t := next
		next = next.Add(step)
		return t
	}
}

// TestWaitSaysWhyItStopped: when Wait stops before everything finished it
// says why (a shutdown, or its limit), after how long it really waited, and
// what still runs. Before, a SIGTERM after a few seconds printed "stopped
// waiting after 10m0s".
func TestWaitSaysWhyItStopped(t *testing.T) {
	blocked := func(ctx context.Context, id string) error {
		if id == "capacity-analyze-console-1" {
			return nil // finished: not listed
		}
		<-ctx.Done()
		return ctx.Err()
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name         string
		ctx          context.Context
		limit        time.Duration
		waitWorkflow func(ctx context.Context, id string) error
		want         string
	}{
		{name: "shutdown, waiting on workflows", ctx: cancelled, limit: 10 * time.Minute, waitWorkflow: blocked,
			want: "(stopped waiting after 4s: shutting down; still running: the boost of payments.demo42; it continues when the bot restarts)\n"},
		{name: "shutdown, following messages", ctx: cancelled, limit: 10 * time.Minute,
			want: "(stopped waiting after 4s: shutting down; still running: the boost of payments.demo42, 1 analysis report; they continue when the bot restarts)\n"},
		{name: "limit reached", ctx: context.Background(), limit: time.Nanosecond, waitWorkflow: blocked,
			want: "(stopped waiting after 4s: that is as long as the console waits; still running: the boost of payments.demo42; it continues when the bot restarts)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			c := New(Options{Out: &out, WaitWorkflow: tc.waitWorkflow})
			c.now = steppingClock(t0, 4*time.Second)
			c.track(bot.Reply{WorkflowID: workflows.BoostWorkflowID("payments.demo42")})
			c.track(bot.Reply{WorkflowID: "capacity-analyze-console-1"})
			c.Wait(tc.ctx, tc.limit)
			if out.String() != tc.want {
				t.Errorf("printed %q\nwant    %q", out.String(), tc.want)
			}
		})
	}
}

// TestSimulatedMarksEveryMessage checks that a console attached to the
// simulated account marks a boost's first message, which the workflow sends
// before it has read the account.
func TestSimulatedMarksEveryMessage(t *testing.T) {
	var out bytes.Buffer
	c := New(Options{Out: &out, Simulated: true})
	st := workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4}, Phase: workflows.PhasePlanned}
	if _, err := c.Notifier().CreateBoostRoot(context.Background(), "console", st); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("[SIMULATED]")) {
		t.Fatalf("first root message not marked: %q", out.String())
	}
}
