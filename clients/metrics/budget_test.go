package metrics

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.uber.org/zap"

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
			b := newRequestBudget(3, clock, zap.NewNop())
			for range 3 {
				if err := b.take(context.Background()); err != nil {
					t.Fatal(err)
				}
				clock.Advance(5 * time.Minute)
			}
			if clock.slept != 0 || len(b.times) != 3 {
				t.Fatalf("slept %s, %d taken: want three at once", clock.slept, len(b.times))
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

// fakeShared is a SharedBudget that answers wait or err, counting calls.
type fakeShared struct {
	waits []time.Duration // answered in turn, then 0
	err   error
	calls int
}

func (f *fakeShared) TryTake(context.Context, int) (time.Duration, error) {
	f.calls++
	if f.err != nil {
		return 0, f.err
	}
	if len(f.waits) == 0 {
		return 0, nil
	}
	w := f.waits[0]
	f.waits = f.waits[1:]
	return w, nil
}

// TestSharedBudget checks that the budget the replicas share decides once
// given, that its wait is waited, and that when it cannot be reached this
// process's own window still bounds the requests.
func TestSharedBudget(t *testing.T) {
	tests := []struct {
		name      string
		shared    *fakeShared
		takes     int
		wantWait  time.Duration
		wantLocal int
	}{
		{name: "shared grants", shared: &fakeShared{}, takes: 5, wantLocal: 0},
		{name: "shared says wait", shared: &fakeShared{waits: []time.Duration{time.Minute}}, takes: 1, wantWait: time.Minute},
		{name: "shared unreachable: own window", shared: &fakeShared{err: errors.New("no Temporal")}, takes: 3, wantLocal: 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock(time.Now())
			b := newRequestBudget(3, clock, zap.NewNop())
			b.shared = tt.shared
			for range tt.takes {
				if err := b.take(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			if clock.slept != tt.wantWait || len(b.times) != tt.wantLocal || tt.shared.calls < tt.takes {
				t.Errorf("waited %s, %d in the own window, %d shared calls; want %s, %d, at least %d",
					clock.slept, len(b.times), tt.shared.calls, tt.wantWait, tt.wantLocal, tt.takes)
			}
		})
	}
}
