package workflows

import "go.temporal.io/sdk/worker"

// registerAnalysis is replaced by the analysis implementation.
func registerAnalysis(r worker.Registry, a *Activities) {}
