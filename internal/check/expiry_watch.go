package check

import (
	"context"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// ExpiryRefresh is how often the key's expiry gauge is refreshed.
const ExpiryRefresh = 24 * time.Hour

// IdentityReader is the one call the expiry watch makes.
type IdentityReader interface {
	CurrentIdentity(ctx context.Context) (clients.Identity, error)
}

// ExpiryGauge receives the days to the key's expiry.
type ExpiryGauge interface {
	Set(key string, days float64, known bool)
}

// WatchKeyExpiry sets the Cloud Ops key's days-to-expiry gauge now and then
// every interval until ctx ends. A failed read leaves the last value and is
// handed to onError.
func WatchKeyExpiry(ctx context.Context, api IdentityReader, gauge ExpiryGauge, interval time.Duration,
	now func() time.Time, onError func(error)) {
	refresh := func() {
		id, err := api.CurrentIdentity(ctx)
		if err != nil {
			if ctx.Err() == nil {
				onError(err)
			}
			return
		}
		days, known := DaysToExpiry(id, now())
		gauge.Set("cloud_ops", days, known)
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
