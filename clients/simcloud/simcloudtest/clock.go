// Package simcloudtest holds what tests of and against the simulated cloud
// (clients/simcloud) share and the product never uses. It does not import
// simcloud, so that simcloud's own tests may use it too. It is imported
// only by tests.
package simcloudtest

import (
	"sync"
	"time"
)

// Clock is a clock a test moves by hand, for simcloud.Options.Now: the
// simulated operations complete against it, so a test drives them without
// sleeping.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}
