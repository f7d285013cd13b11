package workflows

import (
	"context"
	"fmt"
	"maps"

	"go.temporal.io/sdk/temporal"

	"github.com/capacitybot/capacitybot/clients"
)

// WatchUsage reads every namespace's last-minute usage in one Metrics API
// call and keeps the namespaces this bot may manage. Incompleteness is kept
// in the snapshot; evaluateWatch leaves a missing namespace's incident open.
func (a *Activities) WatchUsage(ctx context.Context) (clients.UsageSnapshot, error) {
	snap, err := a.GatherUsage(ctx)
	if err != nil {
		return clients.UsageSnapshot{}, err
	}
	out := snap
	out.Namespaces = make(map[string]clients.NamespaceUsage, len(snap.Namespaces))
	for ns, u := range maps.All(snap.Namespaces) {
		if a.Policy.Filter.Allowed(ns) {
			out.Namespaces[ns] = u
		}
	}
	return out, nil
}

// WatchSuggest reads the namespace's valid TRU values and current capacity
// to suggest a boost for its demand.
func (a *Activities) WatchSuggest(ctx context.Context, in WatchSuggestInput) (WatchSuggestion, error) {
	if a.Cloud == nil {
		return WatchSuggestion{}, temporal.NewNonRetryableApplicationError("no Cloud Ops client is configured", "NotConfigured", nil)
	}
	nc, err := a.Cloud.GetCapacity(ctx, in.Namespace)
	if err != nil {
		return WatchSuggestion{}, boostActivityError(fmt.Errorf("reading the capacity of %s: %w", in.Namespace, err))
	}
	info, err := a.Cloud.GetCapacityInfo(ctx, in.Namespace)
	if err != nil {
		return WatchSuggestion{}, boostActivityError(fmt.Errorf("reading the capacity options of %s: %w", in.Namespace, err))
	}
	current := 0.0
	if nc.Current.Mode == clients.ModeProvisioned {
		current = nc.Current.TRUs
	}
	return suggestTRUs(in.DemandAPS, current, info, in.MaxTRUs), nil
}

// NotifyWatchAlert posts a throttling alert (or its clear note) to the
// alerts channel.
func (a *Activities) NotifyWatchAlert(ctx context.Context, alert WatchAlert) error {
	if a.Notifier == nil {
		return temporal.NewNonRetryableApplicationError("no notifier is configured", "NotConfigured", nil)
	}
	alert.Simulated = alert.Simulated || a.Simulated
	if err := a.Notifier.PostWatchAlert(ctx, alert); err != nil {
		return fmt.Errorf("posting the %s throttling alert for %s: %w", alert.Kind, alert.Namespace, err)
	}
	return nil
}
