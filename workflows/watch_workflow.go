package workflows

import (
	"maps"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// watchChecksPerRun bounds one run's history; the watch then continues as
// new, carrying its open incidents and settings.
const watchChecksPerRun = 500

// ThrottleWatchWorkflow checks every namespace's usage each interval and
// alerts the alerts channel once per incident: when a namespace is throttled
// or above its share of the limit, and again when it has cleared.
//
// It is one long-running workflow (ID ThrottleWatchWorkflowID, started at
// boot by StartThrottleWatch) looping on a durable timer and continuing as
// new, rather than a Temporal Schedule starting a short workflow per check,
// because "once per incident" needs the open incidents to survive from one
// check to the next: here they are plain workflow state, carried across
// continue-as-new, with no store to keep in step and no race between two
// overlapping checks. The timer lives in Temporal, so the watch survives a
// restart and runs on exactly one replica at a time.
func ThrottleWatchWorkflow(ctx workflow.Context, in WatchInput) error {
	w := &watchRun{cfg: in.Config.withDefaults(), incidents: map[string]WatchIncident{}}
	maps.Copy(w.incidents, in.Incidents)
	checksPerRun := in.ChecksPerRun
	if checksPerRun <= 0 {
		checksPerRun = watchChecksPerRun
	}
	if err := workflow.SetQueryHandler(ctx, QueryWatchIncidents, func() ([]WatchIncident, error) {
		return w.open(), nil
	}); err != nil {
		return err
	}
	configs := workflow.GetSignalChannel(ctx, SignalWatchConfig)
	for checks := 1; ; checks++ {
		w.check(ctx)
		if checks >= checksPerRun || workflow.GetInfo(ctx).GetContinueAsNewSuggested() {
			w.drainConfigs(configs)
			return workflow.NewContinueAsNewError(ctx, ThrottleWatchWorkflowName,
				WatchInput{Config: w.cfg, Incidents: w.incidents, ChecksPerRun: in.ChecksPerRun})
		}
		w.wait(ctx, configs)
	}
}

type watchRun struct {
	cfg       WatchConfig
	incidents map[string]WatchIncident
}

func (w *watchRun) open() []WatchIncident {
	out := make([]WatchIncident, 0, len(w.incidents))
	for _, ns := range slices.Sorted(maps.Keys(w.incidents)) {
		out = append(out, w.incidents[ns])
	}
	return out
}

// wait sleeps one interval, applying new settings as they arrive; a new
// interval counts from the last check.
func (w *watchRun) wait(ctx workflow.Context, configs workflow.ReceiveChannel) {
	started := workflow.Now(ctx)
	for {
		left := w.cfg.Interval - workflow.Now(ctx).Sub(started)
		if left <= 0 {
			return
		}
		timerCtx, cancel := workflow.WithCancel(ctx)
		fired := false
		sel := workflow.NewSelector(ctx)
		sel.AddFuture(workflow.NewTimer(timerCtx, left), func(workflow.Future) { fired = true })
		sel.AddReceive(configs, func(c workflow.ReceiveChannel, _ bool) {
			var cfg WatchConfig
			c.Receive(ctx, &cfg)
			w.cfg = cfg.withDefaults()
		})
		sel.Select(ctx)
		cancel()
		if fired {
			return
		}
	}
}

func (w *watchRun) drainConfigs(configs workflow.ReceiveChannel) {
	var cfg WatchConfig
	for configs.ReceiveAsync(&cfg) {
		w.cfg = cfg.withDefaults()
	}
}

// check runs one Metrics API read and posts what changed. A failed read
// changes nothing: incidents stay as they were until data comes back.
func (w *watchRun) check(ctx workflow.Context) {
	logger := workflow.GetLogger(ctx)
	var snap clients.UsageSnapshot
	in := WatchUsageInput{Config: w.cfg, Open: slices.Sorted(maps.Keys(w.incidents))}
	if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, watchUsageOptions(w.cfg.Interval)),
		ActivityWatchUsage, in).Get(ctx, &snap); err != nil {
		logger.Warn("throttling watch: usage unavailable; incidents unchanged", "error", err)
		return
	}
	ev := evaluateWatch(w.cfg, w.incidents, snap, workflow.Now(ctx))
	w.incidents = ev.incidents
	for _, a := range ev.alerts {
		if a.Kind == WatchOpened {
			a = w.suggest(ctx, a)
			inc := w.incidents[a.Namespace]
			inc.SuggestedTRUs = a.SuggestedTRUs
			w.incidents[a.Namespace] = inc
		}
		if err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, analysisPostOptions()),
			ActivityNotifyWatch, a).Get(ctx, nil); err != nil {
			logger.Error("throttling watch: posting the alert failed", "namespace", a.Namespace, "kind", string(a.Kind), "error", err)
		}
	}
}

// suggest fills the alert's boost suggestion; a failure leaves the alert
// without a button but still posted.
func (w *watchRun) suggest(ctx workflow.Context, a WatchAlert) WatchAlert {
	var s WatchSuggestion
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, boostReadOptions()), ActivityWatchSuggest,
		WatchSuggestInput{Namespace: a.Namespace, DemandAPS: watchDemand(a), MaxTRUs: w.cfg.MaxTRUs}).Get(ctx, &s)
	if err != nil {
		a.SuggestionNote = "No boost could be suggested: the namespace's capacity options could not be read (" + analysisErrorText(err) + ")."
		return a
	}
	a.SuggestedTRUs, a.SuggestionNote = s.TRUs, s.Note
	return a
}

// watchUsageOptions retries the Metrics read within one interval at most, so
// a check never overlaps the next.
func watchUsageOptions(interval time.Duration) workflow.ActivityOptions {
	return workflow.ActivityOptions{
		StartToCloseTimeout:    time.Minute,
		ScheduleToCloseTimeout: max(interval, 2*time.Minute),
		RetryPolicy:            backoff(5*time.Second, time.Minute, 3),
	}
}
