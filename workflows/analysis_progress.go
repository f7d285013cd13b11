package workflows

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"
)

// ActivityAnalysisProgress shows how far a paged analysis has read.
const ActivityAnalysisProgress = "AnalysisProgress"

// AnalysisProgress is how far an analysis has read, shown as one message
// edited in place: posted when Ref is nil, edited after.
type AnalysisProgress struct {
	Channel   string      `json:"channel"`
	Ref       *MessageRef `json:"ref,omitempty"`
	Read      int         `json:"read"`
	Total     int         `json:"total"`
	Simulated bool        `json:"simulated,omitempty"`
}

// Done reports whether every namespace has been read.
func (p AnalysisProgress) Done() bool { return p.Read >= p.Total }

// ShowAnalysisProgress posts or edits the progress message and returns it.
func (a *Activities) ShowAnalysisProgress(ctx context.Context, p AnalysisProgress) (MessageRef, error) {
	if a.Notifier == nil {
		return MessageRef{}, temporal.NewNonRetryableApplicationError("no notifier is configured", "NotConfigured", nil)
	}
	p.Simulated = p.Simulated || a.Simulated
	ref, err := a.Notifier.PostAnalysisProgress(ctx, p)
	if err != nil {
		return MessageRef{}, fmt.Errorf("showing analysis progress in %s: %w", p.Channel, err)
	}
	return ref, nil
}

// analysisProgress shows progress after a batch when the analysis takes
// more than one. It is best effort: a failure is logged, and the next batch
// posts a new message instead of editing.
func analysisProgress(ctx workflow.Context, p *AnalysisProgress) {
	var ref MessageRef
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 30 * time.Second,
		RetryPolicy:         backoff(time.Second, 5*time.Second, 2),
	}), ActivityAnalysisProgress, *p).Get(ctx, &ref)
	if err != nil {
		workflow.GetLogger(ctx).Warn("showing analysis progress failed", "channel", p.Channel, "error", err)
		return
	}
	p.Ref = &ref
}
