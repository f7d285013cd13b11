package check_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/check"
)

type identityFunc func(context.Context) (clients.Identity, error)

func (f identityFunc) CurrentIdentity(ctx context.Context) (clients.Identity, error) { return f(ctx) }

// gaugeFunc records the gauge's value and stops the watch after the first.
type gaugeFunc func(key string, days float64, known bool)

func (f gaugeFunc) Set(key string, days float64, known bool) { f(key, days, known) }

func TestWatchKeyExpiry(t *testing.T) {
	tests := []struct {
		name      string
		id        clients.Identity
		err       error
		wantDays  float64
		wantKnown bool
		wantSet   bool
	}{
		{name: "expires in 10 days", id: clients.Identity{KeyExpiry: start.Add(240 * time.Hour)}, wantDays: 10, wantKnown: true, wantSet: true},
		{name: "expired 2 days ago", id: clients.Identity{KeyExpiry: start.Add(-48 * time.Hour)}, wantDays: -2, wantKnown: true, wantSet: true},
		{name: "never expires", wantSet: true},
		{name: "read fails", err: errors.New("unavailable")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var set bool
			var gotKey string
			var gotDays float64
			var gotKnown bool
			var gotErr error
			gauge := gaugeFunc(func(key string, days float64, known bool) {
				set, gotKey, gotDays, gotKnown = true, key, days, known
				cancel()
			})
			api := identityFunc(func(context.Context) (clients.Identity, error) { return tt.id, tt.err })
			check.WatchKeyExpiry(ctx, api, gauge, time.Hour, func() time.Time { return start },
				func(err error) { gotErr = err; cancel() })
			if set != tt.wantSet || (set && (gotKey != "cloud_ops" || gotDays != tt.wantDays || gotKnown != tt.wantKnown)) {
				t.Errorf("gauge set %v: %s %v %v; want set %v: cloud_ops %v %v", set, gotKey, gotDays, gotKnown, tt.wantSet, tt.wantDays, tt.wantKnown)
			}
			if (gotErr != nil) != (tt.err != nil) {
				t.Errorf("onError got %v, want %v", gotErr, tt.err)
			}
		})
	}
}
