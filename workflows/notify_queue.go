package workflows

import (
	"go.temporal.io/sdk/workflow"
)

type notifyKind int

const (
	notifyRoot notifyKind = iota
	notifyStep
	notifyAlert
	notifyReportRow // the outcome on the report row that asked for the change
)

type notifyItem struct {
	kind   notifyKind
	status BoostStatus
	step   Step
	alert  Alert
}

// notifyQueue sends a boost's chat messages from one workflow goroutine, in
// the order they were queued, so the capacity change never waits on Slack and
// the thread still reads in order. A slice guarded by workflow.Await is used
// rather than a workflow.Channel because pushing must never block the
// workflow (or an update handler), however far behind Slack is.
type notifyQueue struct {
	channel  string
	items    []notifyItem
	ref      MessageRef
	closed   bool
	finished bool
}

// startNotifyQueue starts the sender. It runs in a disconnected context so
// that the story of a cancelled boost is still told.
func startNotifyQueue(ctx workflow.Context, channel string) *notifyQueue {
	q := &notifyQueue{channel: channel}
	dctx, _ := workflow.NewDisconnectedContext(ctx)
	workflow.Go(dctx, q.drain)
	return q
}

func (q *notifyQueue) push(it notifyItem) {
	if !q.closed {
		q.items = append(q.items, it)
	}
}

// close stops taking messages and waits until the queued ones are sent (or
// have failed for good), so the workflow never ends with its story untold.
func (q *notifyQueue) close(ctx workflow.Context) {
	q.closed = true
	_ = workflow.Await(ctx, func() bool { return q.finished })
}

func (q *notifyQueue) drain(ctx workflow.Context) {
	ctx = workflow.WithActivityOptions(ctx, boostNotifyOptions())
	for {
		_ = workflow.Await(ctx, func() bool { return len(q.items) > 0 || q.closed })
		if len(q.items) == 0 {
			break
		}
		it := q.items[0]
		q.items = q.items[1:]
		if it.kind == notifyRoot && q.rootQueued() {
			continue // a newer state of the root message is already queued
		}
		q.send(ctx, it)
	}
	q.finished = true
}

func (q *notifyQueue) rootQueued() bool {
	for _, it := range q.items {
		if it.kind == notifyRoot {
			return true
		}
	}
	return false
}

// send delivers one message, ignoring (logging) a final failure. When the root
// message could not be posted yet (Slack was down), it is posted first with
// the latest state, so a later reply still has a thread to go to.
func (q *notifyQueue) send(ctx workflow.Context, it notifyItem) {
	logger := workflow.GetLogger(ctx)
	if it.kind == notifyReportRow {
		q.sendReportRow(ctx, it.status)
		return
	}
	if it.kind != notifyAlert && q.ref.TS == "" {
		var ref MessageRef
		if err := workflow.ExecuteActivity(ctx, ActivityNotifyCreateRoot, q.channel, it.status).Get(ctx, &ref); err != nil {
			logger.Warn("boost message not posted", "namespace", it.status.Request.Namespace, "error", err)
			return
		}
		q.ref = ref
		if it.kind == notifyRoot {
			return // the new root message already shows this state
		}
	}
	var err error
	switch it.kind {
	case notifyRoot:
		err = workflow.ExecuteActivity(ctx, ActivityNotifyUpdateRoot, q.ref, it.status).Get(ctx, nil)
	case notifyStep:
		err = workflow.ExecuteActivity(ctx, ActivityNotifyStep, q.ref, it.status, it.step).Get(ctx, nil)
	case notifyAlert:
		it.alert.Thread = q.ref
		err = workflow.ExecuteActivity(ctx, ActivityNotifyAlert, it.alert).Get(ctx, nil)
	}
	if err != nil {
		ns := it.status.Request.Namespace
		if it.kind == notifyAlert {
			ns = it.alert.Namespace
		}
		logger.Warn("boost notification not sent", "namespace", ns, "kind", int(it.kind), "error", err)
	}
}

// sendReportRow shows a change's outcome on the report row whose Apply
// button asked for it, with a link to the change's own message.
func (q *notifyQueue) sendReportRow(ctx workflow.Context, st BoostStatus) {
	if st.Request.Report == nil {
		return
	}
	u := ReportRowUpdate{Report: *st.Request.Report, Change: q.ref, Status: st}
	if err := workflow.ExecuteActivity(ctx, ActivityNotifyReportRow, u).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("report row not updated", "namespace", st.Request.Namespace, "error", err)
	}
}
