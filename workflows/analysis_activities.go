package workflows

import (
	"context"
	"errors"
	"fmt"

	"go.temporal.io/sdk/temporal"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
)

// GatherInput selects the namespaces GatherCapacity reads.
type GatherInput struct {
	Globs []string `json:"globs,omitempty"`
}

// NamespaceResult is one namespace's Cloud Ops reads. Error is set, and the
// other fields are zero, when the reads failed after retries.
type NamespaceResult struct {
	Namespace string                    `json:"namespace"`
	Capacity  clients.NamespaceCapacity `json:"capacity"`
	Info      clients.CapacityInfo      `json:"info"`
	Error     string                    `json:"error,omitempty"`
}

// GatherResult is what GatherCapacity read.
type GatherResult struct {
	// Namespaces holds the selected namespaces, sorted by name.
	Namespaces []NamespaceResult `json:"namespaces"`
	// Listed is every namespace in the account, selected or not, so the
	// workflow can tell which Metrics API namespaces Cloud Ops does not know.
	Listed    []string `json:"listed"`
	Warnings  []string `json:"warnings,omitempty"`
	Simulated bool     `json:"simulated"`
}

// PostReportInput is a report and where to post it.
type PostReportInput struct {
	Channel string         `json:"channel"`
	Report  AnalysisReport `json:"report"`
}

// GatherUsage reads the last minute's usage of every namespace in one Metrics
// API call. A 429 is retried after the server's Retry-After; a response that
// cannot be parsed, or a refused key, is not retried at all.
func (a *Activities) GatherUsage(ctx context.Context) (clients.UsageSnapshot, error) {
	if a.Usage == nil {
		return clients.UsageSnapshot{}, temporal.NewNonRetryableApplicationError("no Metrics API source is configured", "NotConfigured", nil)
	}
	snap, err := a.Usage.FetchUsage(ctx)
	if err != nil {
		return clients.UsageSnapshot{}, analysisActivityError(fmt.Errorf("fetching usage: %w", err))
	}
	return snap, nil
}

// PostReport posts an analysis report. It is an activity so that the post
// survives a restart of the bot between the analysis and the message.
func (a *Activities) PostReport(ctx context.Context, in PostReportInput) error {
	if a.Notifier == nil {
		return temporal.NewNonRetryableApplicationError("no notifier is configured", "NotConfigured", nil)
	}
	if err := a.Notifier.PostReport(ctx, in.Channel, in.Report); err != nil {
		return fmt.Errorf("posting analysis report to %s: %w", in.Channel, err)
	}
	return nil
}

// analysisActivityError turns a client error into what Temporal needs to
// retry well: the server's Retry-After as the next delay, and no retries for
// errors that cannot succeed on a second try.
func analysisActivityError(err error) error {
	kind := clients.KindOf(err)
	var ce *clients.Error
	if !errors.As(err, &ce) {
		return err // not a classified client error: let the retry policy decide
	}
	if !kind.Retryable() {
		return temporal.NewNonRetryableApplicationError(err.Error(), string(kind), err)
	}
	if d := clients.RetryAfterOf(err); d > 0 {
		return temporal.NewApplicationErrorWithOptions(err.Error(), string(kind), temporal.ApplicationErrorOptions{
			NextRetryDelay: d,
			Cause:          err,
		})
	}
	return temporal.NewApplicationErrorWithCause(err.Error(), string(kind), err)
}

func (a *Activities) analysisLog() *zap.Logger {
	if a.Logger == nil {
		return zap.NewNop()
	}
	return a.Logger
}
