package workflows

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"go.temporal.io/sdk/temporal"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
)

// WatchUsageInput is what the watch knows when it asks: its thresholds and
// its open incidents. The answer holds only the namespaces that matter to
// them (hot, or with an incident to keep or clear), so it stays far below
// Temporal's payload limit with thousands of namespaces. A zero input (an
// activity scheduled by a run from before it) gets every namespace.
type WatchUsageInput struct {
	Config WatchConfig `json:"config"`
	Open   []string    `json:"open,omitempty"`
}

// WatchUsage reads every namespace's last-minute usage in one Metrics API
// call, keys it by Cloud Ops namespace ID (clients.ResolveUsage, whichever
// label form is served) and keeps the namespaces this bot may manage. A label
// value naming no namespace is logged and dropped, so it never reaches a
// Cloud Ops call (the suggestion) or a Boost button. Incompleteness is kept
// in the snapshot; evaluateWatch leaves a missing namespace's incident open.
// A check the Metrics client defers to keep the watch within its share of
// the request budget (it logs the interval it keeps) answers no namespaces:
// like a missing namespace, that changes no incident. Only the namespaces
// in.Config finds hot, or with an incident in in.Open, are answered.
func (a *Activities) WatchUsage(ctx context.Context, in WatchUsageInput) (clients.UsageSnapshot, error) {
	if a.Cloud == nil {
		return clients.UsageSnapshot{}, temporal.NewNonRetryableApplicationError("no Cloud Ops client is configured", "NotConfigured", nil)
	}
	snap, err := a.GatherUsage(clients.WithUsagePurpose(ctx, clients.PurposeWatch))
	if errors.Is(err, clients.ErrWatchDeferred) {
		a.analysisLog().Debug("throttling watch: check deferred to stay within the Metrics API budget", zap.Error(err))
		return clients.UsageSnapshot{}, nil
	}
	if err != nil {
		return clients.UsageSnapshot{}, err
	}
	ids, err := a.Cloud.ListNamespaces(ctx)
	if err != nil {
		return clients.UsageSnapshot{}, analysisActivityError(fmt.Errorf("listing namespaces to map the Metrics API's labels: %w", err))
	}
	resolved, labels := clients.ResolveUsage(snap, ids)
	if len(labels.Unmapped) > 0 {
		a.analysisLog().Warn("throttling watch: Metrics API label values name no Cloud Ops namespace; their usage is ignored",
			zap.Strings("labels", labels.Unmapped), zap.String("label_form", labels.Form()))
	}
	out := resolved
	out.Namespaces = make(map[string]clients.NamespaceUsage, len(resolved.Namespaces))
	open := make(map[string]bool, len(in.Open))
	for _, ns := range in.Open {
		open[ns] = true
	}
	for id, u := range maps.All(resolved.Namespaces) {
		if !a.Policy.Filter.Allowed(id) {
			continue
		}
		if _, _, _, _, hot := watchHeat(in.Config, id, u); in.Config.Interval > 0 && !hot && !open[id] && u.Unreadable == "" {
			continue // nothing to open or clear: kept out of the result, so it stays small at any account size
		}
		out.Namespaces[id] = u
		if u.Unreadable != "" {
			a.analysisLog().Warn("throttling watch: usage unreadable; the namespace's incident is left as it was",
				zap.String("namespace", id), zap.String("reason", u.Unreadable))
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
