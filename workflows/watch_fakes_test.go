package workflows

import "context"

// PostWatchAlert completes the boost tests' Notifier; they post no watch alerts.
func (n *boostFakeNotifier) PostWatchAlert(context.Context, WatchAlert) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.call()
}

// PostWatchAlert completes the analysis tests' Notifier.
func (n *analysisFakeNotifier) PostWatchAlert(context.Context, WatchAlert) error { return nil }
