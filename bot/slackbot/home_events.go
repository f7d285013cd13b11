package slackbot

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// homePublishers bounds the views.publish calls in flight during one
// refresh (the method allows about 100 a minute per workspace).
const homePublishers = 4

// homeRefreshTimeout bounds a refresh after a phase change, well within the
// notify activity's 15s.
const homeRefreshTimeout = 5 * time.Second

// homeTab is the tab of app_home_opened that shows the Home (the other is
// the Messages tab).
const homeTab = "home"

// eventsAPI handles an Events API envelope: only app_home_opened on the
// Home tab is subscribed.
func (b *Bot) eventsAPI(ctx context.Context, log *zap.Logger, ev slackevents.EventsAPIEvent) {
	var opened *slackevents.AppHomeOpenedEvent
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		opened = e
	case slackevents.AppHomeOpenedEvent:
		opened = &e
	default:
		log.Debug("ignoring an event", zap.String("event", ev.InnerEvent.Type))
		return
	}
	if opened.Tab != homeTab || opened.User == "" {
		return
	}
	b.homeOpened(ctx, log.With(zap.String("user", opened.User)), opened.User)
}

// homeOpened records the open in Temporal (so that a phase change within the
// hour refreshes this user's Home, whichever replica's worker sees it) and
// publishes the user's Home. A failure to record still publishes.
func (b *Bot) homeOpened(ctx context.Context, log *zap.Logger, userID string) {
	if err := b.o.Handler.HomeOpened(ctx, userID); err != nil {
		log.Warn("recording an App Home open", zap.Error(err))
	}
	b.publishHome(ctx, log, b.o.Handler.Home(ctx), userID, "")
}

// refreshHomes republishes the Home of the boost's requester and of everyone
// who opened the Home within the hour, with st (fresher than a query made
// while the workflow is between tasks) in place of the boost's listed state.
// It runs in the notify activity, after the thread post, within
// homeRefreshTimeout; its failures are logged, never returned, so a Home
// never makes the activity retry and post the step twice.
func (b *Bot) refreshHomes(ctx context.Context, st workflows.BoostStatus) {
	ctx, cancel := context.WithTimeout(ctx, homeRefreshTimeout)
	defer cancel()
	log := b.log.With(zap.String("namespace", st.Request.Namespace), zap.String("phase", string(st.Phase)))
	viewers, err := b.o.Handler.HomeViewers(ctx)
	if err != nil {
		log.Warn("listing who opened the App Home; refreshing the requester's only", zap.Error(err))
	}
	users := viewers
	if r := st.Request.Requester; r != "" && !slices.Contains(users, r) {
		users = append([]string{r}, users...)
	}
	if len(users) == 0 {
		return
	}
	home := b.o.Handler.Home(ctx)
	home.Boosts = withBoost(home.Boosts, st)
	sem := make(chan struct{}, homePublishers)
	var wg sync.WaitGroup
	for _, u := range users {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			b.publishHome(ctx, log, home, u, "")
		})
	}
	wg.Wait()
}

// withBoost puts st in place of the same namespace's entry, drops it when it
// has ended, and keeps the list sorted by namespace.
func withBoost(boosts []workflows.BoostStatus, st workflows.BoostStatus) []workflows.BoostStatus {
	ns := st.Request.Namespace
	out := slices.DeleteFunc(slices.Clone(boosts), func(b workflows.BoostStatus) bool { return b.Request.Namespace == ns })
	if !st.Phase.Final() {
		out = append(out, st)
	}
	slices.SortStableFunc(out, func(a, b workflows.BoostStatus) int {
		return strings.Compare(a.Request.Namespace, b.Request.Namespace)
	})
	return out
}

// publishHome publishes one user's Home: the change buttons only when the
// user may change capacity (the check every command and button makes).
func (b *Bot) publishHome(ctx context.Context, log *zap.Logger, home bot.Home, userID, notice string) {
	v := HomeViewOptions{MayChange: b.mayChange(ctx, userID), Notice: notice, Price: b.o.Policy.ActionPricePerMillion}
	if v.MayChange {
		v.OutOfScope = b.outOfScope(ctx, userID, home.Boosts)
	}
	if err := b.w.publishView(ctx, userID, HomeView(home, v)); err != nil {
		log.Warn("publishing the App Home", zap.String("user", userID), zap.Error(err))
	}
}

// mayChange reports whether the user may boost, extend, revert or schedule
// some namespace; without an authorizer nobody may.
func (b *Bot) mayChange(ctx context.Context, userID string) bool {
	return b.o.Auth != nil && b.o.Auth.ChangeDenial(ctx, userID, "") == nil
}

// outOfScope lists the running boosts' namespaces the user may not change,
// so their Home shows no buttons that would only be refused.
func (b *Bot) outOfScope(ctx context.Context, userID string, boosts []workflows.BoostStatus) map[string]bool {
	out := map[string]bool{}
	for _, st := range boosts {
		if ns := st.Request.Namespace; b.o.Auth.ChangeDenial(ctx, userID, ns) != nil {
			out[ns] = true
		}
	}
	return out
}

// homeAction handles a click on the Home: Extend and Revert (authorized
// like the same buttons on a boost's message) and Run a new analysis. The
// Home has no channel to answer in, so the outcome is shown at the top of
// the clicker's refreshed Home.
func (b *Bot) homeAction(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback, a *slack.BlockAction) {
	caller := bot.Caller{UserID: cb.User.ID, UserName: cb.User.Name, RequestKey: cb.TriggerID}
	var r bot.Reply
	switch a.ActionID {
	case ActionHomeAnalyze:
		r = b.o.Handler.AnalyzeFromHome(ctx, caller)
		if !r.Refused && r.WorkflowID != "" {
			r.Text = bot.MarkSimulated("Analysis started: the report will be posted in your messages with the bot.", r.Simulated)
		}
	case ActionExtend:
		r = b.o.Handler.Extend(ctx, caller, a.Value, extendStep)
	case ActionRevert:
		r = b.o.Handler.Revert(ctx, caller, a.Value)
	default:
		return
	}
	b.publishHome(ctx, log, b.o.Handler.Home(ctx), cb.User.ID, r.Text)
}
