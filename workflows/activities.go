package workflows

import (
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// Activities holds the clients every activity uses. One value is registered
// with the worker; its methods are the activities.
type Activities struct {
	Cloud        CloudOps
	Usage        UsageSource
	Notifier     Notifier
	Policy       Policy
	AlertChannel string
	// Simulated marks every report and message as coming from the simulated
	// Temporal Cloud account, so no one mistakes it for their own.
	Simulated bool
	// Concurrency bounds the analysis' parallel Cloud Ops reads; the client's
	// rate limiter bounds their rate.
	Concurrency int
	Logger      *zap.Logger
	// Permissions re-checks a recurring boost's creator before each run;
	// nil checks nothing (tests, a deployment without a chat side).
	Permissions Permissions
	// Approvers decides, at the time of each Approve or Deny, whether the
	// person may give it; nil: nobody may.
	Approvers Approvers
	Metrics   *telemetry.Metrics
	// Pages reads an analysis' pages back for its posting activity; nil
	// queries the workflow through the worker's own client.
	Pages AnalysisPageReader
	// runs caches each analysis run's reads for its batches.
	runs analysisRuns
}
