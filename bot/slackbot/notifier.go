package slackbot

import (
	"context"
	"fmt"

	"github.com/slack-go/slack"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// Notifier posts the workflows' messages to Slack. It is called only from
// activities: every error is returned (wrapped) so the activity's bounded
// retry handles it, a 429 included.
type Notifier struct {
	w            webAPI
	alertChannel string
	simulated    bool
	log          *zap.Logger
	// price is ACTION_PRICE_PER_MILLION (0: unknown), shown with floors.
	price float64
	// phaseChanged is told each boost phase change after its thread post
	// (the Bot refreshes the App Homes, bounded, errors logged); nil:
	// nothing to tell.
	phaseChanged func(ctx context.Context, st workflows.BoostStatus)
}

var _ workflows.Notifier = (*Notifier)(nil)

// NewNotifier builds the Slack Notifier. alertChannel may be empty: alerts
// then go to the boost's own channel. simulated marks every message.
func NewNotifier(api *slack.Client, alertChannel string, simulated bool, m *telemetry.Metrics, log *zap.Logger) *Notifier {
	if log == nil {
		log = zap.NewNop()
	}
	return &Notifier{w: webAPI{api: api, metrics: m}, alertChannel: alertChannel, simulated: simulated, log: log}
}

func (n *Notifier) mark(st workflows.BoostStatus) workflows.BoostStatus {
	st.Simulated = st.Simulated || n.simulated
	if st.ActionPricePerMillion == 0 {
		st.ActionPricePerMillion = n.price
	}
	return st
}

// CreateBoostRoot posts the boost's root message. When Slack refuses the
// channel, the message goes to the alerts channel and the boost's story
// continues in its thread there.
func (n *Notifier) CreateBoostRoot(ctx context.Context, channel string, st workflows.BoostStatus) (workflows.MessageRef, error) {
	st = n.mark(st)
	d, err := n.deliver(ctx, channel, boostRootMessage(st))
	if err != nil {
		return workflows.MessageRef{}, err
	}
	return workflows.MessageRef{Channel: d.channel, TS: d.ts}, nil
}

// UpdateBoostRoot edits the root message in place.
func (n *Notifier) UpdateBoostRoot(ctx context.Context, ref workflows.MessageRef, st workflows.BoostStatus) error {
	st = n.mark(st)
	return n.deliverUpdate(ctx, ref.Channel, ref.TS, boostRootMessage(st))
}

func boostRootMessage(st workflows.BoostStatus) outgoing {
	return outgoing{what: "the root message of the " + st.Request.Namespace + " boost",
		text: BoostRootText(st), blocks: BoostRootBlocks(st)}
}

// PostBoostStep replies in the boost's thread; failures are also shown in
// the channel so they are not missed.
func (n *Notifier) PostBoostStep(ctx context.Context, ref workflows.MessageRef, st workflows.BoostStatus, step workflows.Step) error {
	st = n.mark(st)
	_, err := n.deliver(ctx, ref.Channel, outgoing{
		what:      fmt.Sprintf("the %s step of the %s boost", step.Phase, st.Request.Namespace),
		text:      BoostStepText(st, step),
		blocks:    BoostStepBlocks(st, step),
		threadTS:  ref.TS,
		broadcast: step.Severity == workflows.SeverityError,
	})
	if err != nil {
		return err
	}
	if step.PhaseChanged && n.phaseChanged != nil {
		n.phaseChanged(ctx, st)
	}
	return nil
}

// PostAlert posts to the alerts channel, naming the requester.
func (n *Notifier) PostAlert(ctx context.Context, a workflows.Alert) error {
	a.Simulated = a.Simulated || n.simulated
	channel := n.alertChannel
	if channel == "" {
		channel = a.Thread.Channel
	}
	if channel == "" {
		n.log.Warn("alert dropped: no alert channel and no thread", zap.String("namespace", a.Namespace), zap.String("title", a.Title))
		return nil
	}
	_, err := n.deliver(ctx, channel, outgoing{what: fmt.Sprintf("alert %q for %s", a.Title, a.Namespace),
		text: AlertText(a), blocks: AlertBlocks(a)})
	return err
}

// UpdateReportRow edits a report in place to show, on the row whose Apply
// button asked for the change, who applied it and how it ended. The report
// is read back first, so the marks of other rows stay.
func (n *Notifier) UpdateReportRow(ctx context.Context, u workflows.ReportRowUpdate) error {
	ns := u.Status.Request.Namespace
	msg, err := n.w.message(ctx, u.Report.Channel, u.Report.TS)
	if err != nil {
		return fmt.Errorf("reading the report (%s %s) to mark %s: %w", u.Report.Channel, u.Report.TS, ns, err)
	}
	blocks, found := MarkReportRow(msg.Blocks.BlockSet, u)
	if !found {
		n.log.Warn("report row not found", zap.String("namespace", ns), zap.String("ts", u.Report.TS))
		return nil
	}
	if err := n.w.update(ctx, u.Report.Channel, u.Report.TS, slack.MsgOptionText(msg.Text, false), slack.MsgOptionBlocks(blocks...)); err != nil {
		return fmt.Errorf("marking %s on the report (%s %s): %w", ns, u.Report.Channel, u.Report.TS, err)
	}
	return nil
}

// PostReport posts an analysis report: a summary and a table, and when the
// table could not hold everything, the full CSV in the message's thread. A
// failed upload is returned, so a retry posts the summary again: a duplicate
// summary is better than a report that silently lacks rows.
func (n *Notifier) PostReport(ctx context.Context, channel string, r workflows.AnalysisReport) error {
	r.Simulated = r.Simulated || n.simulated
	if r.ActionPricePerMillion == 0 {
		r.ActionPricePerMillion = n.price
	}
	out := RenderReport(r)
	d, err := n.deliver(ctx, channel, outgoing{what: "the analysis report", text: out.Text, blocks: out.Blocks})
	if err != nil {
		return err
	}
	if d.plain && out.CSV == nil {
		out.CSV = bot.ReportCSV(r) // plain text may be shortened: the CSV holds every row
	}
	if out.CSV == nil {
		return nil
	}
	return n.w.uploadCSV(ctx, d.channel, d.ts, csvFile{name: bot.ReportCSVName(r), title: "Capacity analysis (all namespaces)", content: out.CSV})
}
