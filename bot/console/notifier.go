package console

import (
	"context"
	"fmt"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// notifier prints what Slack would show. It also tells the console which
// boosts have ended and which reports were printed, so Wait knows when the
// session's work is done.
type notifier struct{ c *Console }

var _ workflows.Notifier = notifier{}

func (n notifier) CreateBoostRoot(_ context.Context, channel string, st workflows.BoostStatus) (workflows.MessageRef, error) {
	c := n.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	if st.ActionPricePerMillion == 0 {
		st.ActionPricePerMillion = c.price()
	}
	ref := workflows.MessageRef{Channel: channel, TS: fmt.Sprintf("%d.%06d", c.now().Unix(), c.seq)}
	c.roots[ref] = st.Request.Namespace
	st.Simulated = st.Simulated || c.o.Simulated
	c.writeLocked(renderRoot(st, false))
	c.observeRootLocked(ref, st)
	return ref, nil
}

func (n notifier) UpdateBoostRoot(_ context.Context, ref workflows.MessageRef, st workflows.BoostStatus) error {
	c := n.c
	c.mu.Lock()
	defer c.mu.Unlock()
	st.Simulated = st.Simulated || c.o.Simulated
	c.writeLocked(renderRoot(st, true))
	c.observeRootLocked(ref, st)
	return nil
}

func (n notifier) PostBoostStep(_ context.Context, _ workflows.MessageRef, st workflows.BoostStatus, step workflows.Step) error {
	st.Simulated = st.Simulated || n.c.o.Simulated
	n.c.println(renderStep(st, step))
	return nil
}

func (n notifier) PostAlert(_ context.Context, a workflows.Alert) error {
	a.Simulated = a.Simulated || n.c.o.Simulated
	n.c.println(renderAlert(a))
	return nil
}

// PostAnalysisProgress prints the analysis' progress; a terminal cannot
// edit a line already scrolled, so each batch prints one short line.
func (n notifier) PostAnalysisProgress(_ context.Context, p workflows.AnalysisProgress) (workflows.MessageRef, error) {
	n.c.println(bot.MarkSimulatedPost(bot.AnalysisProgressText(p), p.Simulated || n.c.o.Simulated))
	return workflows.MessageRef{Channel: p.Channel}, nil
}

func (n notifier) PostReport(_ context.Context, _ string, r workflows.AnalysisReport) error {
	c := n.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.ActionPricePerMillion == 0 {
		r.ActionPricePerMillion = c.price()
	}
	r.Simulated = r.Simulated || c.o.Simulated
	csvPath := ""
	if len(r.Rows) > maxPrintedRows {
		path, err := c.writeReportCSV(r)
		if err != nil {
			return err
		}
		csvPath = path
	}
	c.writeLocked(renderReport(r, c.width(), csvPath))
	c.reportsPrinted++
	c.signalLocked()
	return nil
}

func (n notifier) PostWatchAlert(_ context.Context, a workflows.WatchAlert) error {
	a.Simulated = a.Simulated || n.c.o.Simulated
	n.c.println(renderWatchAlert(a))
	return nil
}

// UpdateReportRow prints a change's outcome for a report row. The console's
// reports carry no Apply button (they print the set command instead), so
// this only shows when a change started elsewhere names a report.
func (n notifier) UpdateReportRow(_ context.Context, u workflows.ReportRowUpdate) error {
	st := u.Status
	at := st.EndedAt
	if at.IsZero() {
		at = n.c.now()
	}
	n.c.println("[report row] " + st.Request.Namespace + ": " + plainText(bot.ReportRowWords(st, at.UTC().Format("15:04 UTC"))))
	return nil
}
