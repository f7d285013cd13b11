package check

import (
	"context"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// ExpiryRefresh is how often the key's expiry gauge is refreshed.
const ExpiryRefresh = 24 * time.Hour

// IdentityReader is the one call the expiry watch makes.
type IdentityReader interface {
	CurrentIdentity(ctx context.Context) (clients.Identity, error)
}

// ExpiryGauge receives when the key expires (zero: never, or not said);
// telemetry.Metrics counts the days down at each scrape.
type ExpiryGauge interface {
	SetKeyExpiry(key string, expires time.Time)
}

// WatchKeyExpiry sets the Cloud Ops key's days-to-expiry gauge now and then
// every interval until ctx ends. A failed read leaves the last value and is
// handed to onError.
func WatchKeyExpiry(ctx context.Context, api IdentityReader, gauge ExpiryGauge, interval time.Duration,
	onError func(error)) {
	refresh := func() {
		id, err := api.CurrentIdentity(ctx)
		if err != nil {
			if ctx.Err() == nil {
				onError(err)
			}
			return
		}
		gauge.SetKeyExpiry(telemetry.APICloudOps, id.KeyExpiry)
	}
	refresh()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			refresh()
		}
	}
}
