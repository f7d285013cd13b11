package metrics

import (
	"context"
	"sync"
	"time"
)

// fakeClock is a Clock whose Sleep moves it on at once, so that a test
// drives hours of budget in a moment, in order, without goroutines.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration // in all
}

func newFakeClock(start time.Time) *fakeClock { return &fakeClock{t: start} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	c.mu.Lock()
	c.slept += d
	c.mu.Unlock()
	return nil
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
