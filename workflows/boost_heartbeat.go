package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/activity"
)

// boostHeartbeatEvery is how often a boost's Cloud activity heartbeats while
// its call is in flight, and boostHeartbeatTimeout how long the server waits
// for one before it retries the activity elsewhere.
//
// The calls are short, so the heartbeats carry no progress: they exist so
// that a worker killed mid-call is noticed within seconds rather than at the
// activity's start-to-close timeout. That bound is how late a revert can be
// when the process dies in the middle of it.
const (
	boostHeartbeatEvery   = 2 * time.Second
	boostHeartbeatTimeout = 8 * time.Second
)

// keepAlive heartbeats every boostHeartbeatEvery until the returned stop is
// called. Outside an activity (a direct call in a test) it does nothing.
func keepAlive(ctx context.Context) (stop func()) {
	if !activity.IsActivity(ctx) {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(boostHeartbeatEvery)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				activity.RecordHeartbeat(ctx)
			}
		}
	}()
	return func() { close(done) }
}
