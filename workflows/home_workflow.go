package workflows

import (
	"go.temporal.io/sdk/workflow"
)

// HomeWorkflow remembers who opened the Home tab within HomeViewerTTL. It is
// started by the first open (SignalWithStart), records each open, forgets
// each opener an hour later, and completes when nobody is left; the next
// open starts it again. It continues as new after homeSignalsPerRun opens so
// its history stays short. Openers live here, in Temporal, rather than in a
// replica's memory, so every replica refreshes the same Homes.
func HomeWorkflow(ctx workflow.Context, st HomeState) error {
	perRun := st.SignalsPerRun
	if perRun <= 0 {
		perRun = homeSignalsPerRun
	}
	if err := workflow.SetQueryHandler(ctx, QueryHomeViewers, func() ([]HomeViewer, error) {
		return st.Viewers, nil
	}); err != nil {
		return err
	}
	opens := workflow.GetSignalChannel(ctx, SignalHomeOpened)
	signals := 0
	record := func(o HomeOpened) {
		signals++
		st.Viewers = RecentHomeViewers(append(st.Viewers, HomeViewer{User: o.User, OpenedAt: workflow.Now(ctx)}), workflow.Now(ctx))
	}
	drain := func() {
		var o HomeOpened
		for opens.ReceiveAsync(&o) {
			record(o)
		}
	}
	for {
		drain()
		st.Viewers = RecentHomeViewers(st.Viewers, workflow.Now(ctx))
		if len(st.Viewers) == 0 {
			return nil // nobody opened the Home within the hour
		}
		if signals >= perRun || workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			return workflow.NewContinueAsNewError(ctx, HomeWorkflowName, st)
		}
		oldest := st.Viewers[len(st.Viewers)-1].OpenedAt
		timerCtx, cancel := workflow.WithCancel(ctx)
		expiry := workflow.NewTimer(timerCtx, oldest.Add(HomeViewerTTL).Sub(workflow.Now(ctx)))
		sel := workflow.NewSelector(ctx)
		sel.AddReceive(opens, func(c workflow.ReceiveChannel, _ bool) {
			var o HomeOpened
			c.Receive(ctx, &o)
			record(o)
		})
		sel.AddFuture(expiry, func(workflow.Future) {})
		sel.Select(ctx)
		cancel()
	}
}
