package check_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/check"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

type identityFunc func(context.Context) (clients.Identity, error)

func (f identityFunc) CurrentIdentity(ctx context.Context) (clients.Identity, error) { return f(ctx) }

// gaugeFunc records the gauge's value and stops the watch after the first.
type gaugeFunc func(key string, expires time.Time)

func (f gaugeFunc) SetKeyExpiry(key string, expires time.Time) { f(key, expires) }

func TestWatchKeyExpiry(t *testing.T) {
	tests := []struct {
		name    string
		id      clients.Identity
		err     error
		wantSet bool
	}{
		{name: "expires in 10 days", id: clients.Identity{KeyExpiry: start.Add(240 * time.Hour)}, wantSet: true},
		{name: "expired 2 days ago", id: clients.Identity{KeyExpiry: start.Add(-48 * time.Hour)}, wantSet: true},
		{name: "never expires", wantSet: true},
		{name: "read fails", err: errors.New("unavailable")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var set bool
			var gotKey string
			var gotExpires time.Time
			var gotErr error
			gauge := gaugeFunc(func(key string, expires time.Time) {
				set, gotKey, gotExpires = true, key, expires
				cancel()
			})
			api := identityFunc(func(context.Context) (clients.Identity, error) { return tt.id, tt.err })
			check.WatchKeyExpiry(ctx, api, gauge, time.Hour, func(err error) { gotErr = err; cancel() })
			if set != tt.wantSet || (set && (gotKey != telemetry.APICloudOps || !gotExpires.Equal(tt.id.KeyExpiry))) {
				t.Errorf("gauge set %v: %s %v; want set %v: %s %v", set, gotKey, gotExpires, tt.wantSet, telemetry.APICloudOps, tt.id.KeyExpiry)
			}
			if (gotErr != nil) != (tt.err != nil) {
				t.Errorf("onError got %v, want %v", gotErr, tt.err)
			}
		})
	}
}
