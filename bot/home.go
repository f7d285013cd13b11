package bot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/workflows"
)

// Home is what the App Home tab shows. It is the same for every user; who
// may press its change buttons is the adapter's call (Authorizer.ChangeDenial).
type Home struct {
	// Boosts are the boosts running now, by namespace.
	Boosts []workflows.BoostStatus
	// Schedules are the recurring boosts and reports, by ID.
	Schedules []ScheduleInfo
	// Report is the last analysis report without its rows; nil when none.
	Report    *workflows.AnalysisReport
	Simulated bool
	// Month adds up this calendar month's boosts (UTC), from the history;
	// nil when no history is at hand.
	Month *HistoryTotal
	// Price is ACTION_PRICE_PER_MILLION (0: unknown), for Month's money.
	Price float64
	// Problems are the parts that could not be read, in words.
	Problems []string
	// At is when the Home was read.
	At time.Time
}

// ErrNoHomeEngine is returned when nothing records who opened the Home.
var ErrNoHomeEngine = errors.New("the Home tab is not backed by Temporal")

// Home reads the running boosts, the schedules and the last report at once.
// A part that cannot be read is left out and named in Problems, so the Home
// still shows the rest.
func (h *Handler) Home(ctx context.Context) Home {
	home := Home{Simulated: h.o.Simulated, At: h.o.Now()}
	var (
		wg                                 sync.WaitGroup
		boostErr, schErr, repErr, monthErr error
	)
	wg.Go(func() { home.Boosts, boostErr = h.o.Engine.ActiveBoosts(ctx) })
	if h.o.Schedules != nil {
		wg.Go(func() { home.Schedules, schErr = h.o.Schedules.ListSchedules(ctx) })
	}
	if h.o.Home != nil {
		wg.Go(func() { home.Report, repErr = h.o.Home.LastReport(ctx) })
	}
	if h.o.History != nil {
		wg.Go(func() { home.Month, monthErr = h.monthTotal(ctx, home.At) })
	}
	wg.Wait()
	home.Price = h.o.Policy.ActionPricePerMillion
	for _, p := range []struct {
		what string
		err  error
	}{{"the running boosts", boostErr}, {"the schedules", schErr}, {"the last report", repErr}, {"this month's boosts", monthErr}} {
		if p.err != nil {
			h.o.Logger.Warn("reading the Home tab: "+p.what, zap.Error(p.err))
			home.Problems = append(home.Problems, fmt.Sprintf("Could not read %s just now; the Home shows the rest.", p.what))
		}
	}
	sort.Slice(home.Boosts, func(i, j int) bool { return home.Boosts[i].Request.Namespace < home.Boosts[j].Request.Namespace })
	return home
}

// monthTotal adds up the boosts started this calendar month (UTC).
func (h *Handler) monthTotal(ctx context.Context, now time.Time) (*HistoryTotal, error) {
	now = now.UTC()
	q := HistoryQuery{Since: time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, time.UTC)}
	list, err := h.o.History.History(ctx, q)
	if err != nil {
		return nil, err
	}
	t := NewHistoryReport(list, q, now, h.o.Policy.ActionPricePerMillion).Total
	return &t, nil
}

// HomeOpened records that the user opened the Home tab, so that their Home
// is refreshed when a boost changes phase within the next hour.
func (h *Handler) HomeOpened(ctx context.Context, userID string) error {
	if h.o.Home == nil {
		return ErrNoHomeEngine
	}
	return h.o.Home.HomeOpened(ctx, userID)
}

// HomeViewers is who opened the Home tab within the last hour.
func (h *Handler) HomeViewers(ctx context.Context) ([]string, error) {
	if h.o.Home == nil {
		return nil, nil
	}
	return h.o.Home.HomeViewers(ctx, h.o.Now())
}

// AnalyzeFromHome runs an analysis of every namespace from the Home tab's
// button. The Home has no channel: the report goes to the user's direct
// messages with the bot (channel = their user ID), which no channel list
// restricts; the analysis only reads.
func (h *Handler) AnalyzeFromHome(ctx context.Context, c Caller) Reply {
	c.ChannelID = c.UserID
	return h.finish(c, string(KindAnalyze), h.analyze(ctx, c, Command{Kind: KindAnalyze}))
}
