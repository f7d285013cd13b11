package bottest

import (
	"context"
	"testing"
	"time"
)

// RunUntilCleanup runs a chat adapter's Run loop (a Slack bot's, a
// console's) in the background until the test ends. The cleanup cancels it
// and fails the test unless Run returns nil within stopWithin: a bot must
// stop cleanly when told to.
func RunUntilCleanup(t testing.TB, run func(context.Context) error, stopWithin time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run returned %v after cancel", err)
			}
		case <-time.After(stopWithin):
			t.Error("Run did not return within " + stopWithin.String() + " of cancel")
		}
	})
}
