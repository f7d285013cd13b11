package workflows

import "context"

// Notifier is what the workflows need from the chat side (Slack or the
// console). It is declared here, by its consumer, and called only from
// activities, so a chat outage delays messages but never loses or blocks a
// capacity change. Implementations render the values; workflows never build
// chat payloads.
type Notifier interface {
	// CreateBoostRoot posts the root message of a boost and returns its ref.
	CreateBoostRoot(ctx context.Context, channel string, st BoostStatus) (MessageRef, error)
	// UpdateBoostRoot edits the root message in place.
	UpdateBoostRoot(ctx context.Context, ref MessageRef, st BoostStatus) error
	// PostBoostStep posts a reply in the root message's thread.
	PostBoostStep(ctx context.Context, ref MessageRef, st BoostStatus, step Step) error
	// PostAlert posts to the alerts channel.
	PostAlert(ctx context.Context, alert Alert) error
	// UpdateReportRow shows a change's outcome on the report row whose
	// Apply button asked for it, editing the report message in place.
	UpdateReportRow(ctx context.Context, u ReportRowUpdate) error
	// PostAnalysisProgress posts an analysis' progress (p.Ref nil) or edits
	// it in place, and returns the message.
	PostAnalysisProgress(ctx context.Context, p AnalysisProgress) (MessageRef, error)
	// PostReport posts an analysis report to a channel.
	PostReport(ctx context.Context, channel string, report AnalysisReport) error
	// PostWatchAlert posts a throttling incident (or its clear note) to the
	// alerts channel; an opened one offers a Boost with the suggested TRUs.
	PostWatchAlert(ctx context.Context, alert WatchAlert) error
}
