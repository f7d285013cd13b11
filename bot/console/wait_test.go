package console

import (
	"bytes"
	"context"
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
	if len(waited) != 2 || waited[0] != "capacity-boost-payments.demo42" || waited[1] != "capacity-analyze-console-1" {
		t.Fatalf("waited for %v, want the boost then the analysis (not the refused one)", waited)
	}
}

// TestWaitGivesUpAtTheTimeout checks the bound.
func TestWaitGivesUpAtTheTimeout(t *testing.T) {
	var out bytes.Buffer
	c := New(Options{Out: &out, WaitWorkflow: func(ctx context.Context, id string) error {
		<-ctx.Done()
		return ctx.Err()
	}})
	c.track(bot.Reply{WorkflowID: workflows.BoostWorkflowID("payments.demo42")})
	c.Wait(context.Background(), 20*time.Millisecond)
	if !bytes.Contains(out.Bytes(), []byte("stopped waiting")) {
		t.Fatalf("no timeout note printed: %q", out.String())
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
