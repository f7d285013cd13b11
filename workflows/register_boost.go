package workflows

import "go.temporal.io/sdk/worker"

// registerBoost is replaced by the boost implementation.
func registerBoost(r worker.Registry, a *Activities) {}
