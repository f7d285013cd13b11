package metrics

import (
	"context"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// TestBudgetWaitsOrSaysWhen checks the sliding hour: requests within the
// budget go at once, the next waits until the oldest leaves the hour, and a
// wait that would outlast the caller's deadline is refused as rate limited
// with the wait as Retry-After, never begun.
func TestBudgetWaitsOrSaysWhen(t *testing.T) {
	tests := []struct {
		name      string
		deadline  time.Duration // 0 = none
		wantWait  time.Duration
		wantKind  clients.ErrorKind
		wantRetry time.Duration
	}{
		{name: "no deadline: waits", wantWait: 45 * time.Minute},
		{name: "deadline after the wait: waits", deadline: time.Hour, wantWait: 45 * time.Minute},
		{name: "deadline before the wait: says when", deadline: time.Minute, wantKind: clients.KindRateLimited, wantRetry: 45 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Started at the wall clock's now, so that ctx's deadline (on the
			// wall clock) and the budget's (on this one) agree.
			clock := newFakeClock(time.Now())
			b := newRequestBudget(3, clock)
			for range 3 {
				if err := b.take(context.Background()); err != nil {
					t.Fatal(err)
				}
				clock.Advance(5 * time.Minute)
			}
			if clock.slept != 0 || b.left() != 0 {
				t.Fatalf("slept %s, %d left: want three at once and none left", clock.slept, b.left())
			}
			ctx := context.Background()
			if tt.deadline > 0 {
				var cancel context.CancelFunc
				ctx, cancel = context.WithDeadline(ctx, clock.Now().Add(tt.deadline))
				defer cancel()
			}
			err := b.take(ctx)
			if clients.KindOf(err) != tt.wantKind && (err != nil || tt.wantKind != "") {
				t.Fatalf("take: %v, want kind %q", err, tt.wantKind)
			}
			if got := clients.RetryAfterOf(err); got != tt.wantRetry {
				t.Errorf("Retry-After %s, want %s", got, tt.wantRetry)
			}
			if clock.slept != tt.wantWait {
				t.Errorf("waited %s, want %s (until the first request leaves the hour)", clock.slept, tt.wantWait)
			}
		})
	}
}
