// Package slackbot is the Slack side of the bot: a Socket Mode client that
// acks every envelope at once and handles it after, the /capacity command,
// the boost modal, the buttons on a boost's message, the Block Kit renderers,
// and the Notifier the workflows post through.
package slackbot

import (
	"context"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// maxConnections is Slack's limit of Socket Mode connections per app.
const maxConnections = 10

// Options configures a Bot.
type Options struct {
	// API is the Web API client (with the app-level token set). When nil it
	// is built from BotToken, AppToken and APIURL.
	API                        *slack.Client
	BotToken, AppToken, APIURL string

	Handler *bot.Handler
	Auth    *bot.Authorizer
	// Cloud reads a namespace's capacity for the modal (the same reader the
	// Handler uses). Optional: without it the modal offers no TRU values.
	Cloud           bot.CloudReader
	Policy          workflows.Policy
	DefaultDuration time.Duration

	AlertChannel string
	Simulated    bool
	Logger       *zap.Logger
	Metrics      *telemetry.Metrics
	// Connections is how many Socket Mode connections to hold (1–10); Slack
	// spreads envelopes across them.
	Connections int
	// PingInterval is how long without a ping from Slack before a
	// connection is considered dead (0: slack-go's 30s).
	PingInterval time.Duration
	Now          func() time.Time
}

// Bot is the Slack adapter. Build it with New and start it with Run.
type Bot struct {
	o        Options
	w        webAPI
	log      *zap.Logger
	notifier *Notifier
	seen     *recentIDs

	mu        sync.Mutex
	connected []*connState // one per Socket Mode client of the current Run
	inflight  sync.WaitGroup
}

// New builds a Bot; it does not connect until Run.
func New(o Options) *Bot {
	if o.API == nil {
		o.API = NewClient(o.BotToken, o.AppToken, o.APIURL)
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	o.Connections = min(max(o.Connections, 1), maxConnections)
	notifier := NewNotifier(o.API, o.AlertChannel, o.Simulated, o.Metrics, o.Logger)
	notifier.price = o.Policy.ActionPricePerMillion
	b := &Bot{
		o:        o,
		w:        webAPI{api: o.API, metrics: o.Metrics},
		log:      o.Logger,
		notifier: notifier,
		seen:     newRecentIDs(4096),
	}
	o.Metrics.PresetSlack(webAPIMethods())
	o.Metrics.SetSlackSockets(b.openConnections, o.Connections)
	if o.Handler != nil {
		notifier.phaseChanged = b.refreshHomes
	}
	return b
}

// Notifier is the Slack implementation of workflows.Notifier.
func (b *Bot) Notifier() workflows.Notifier { return b.notifier }

// Groups is the user group lookup over the Bot's client.
func (b *Bot) Groups() Groups { return Groups{API: b.o.API, Metrics: b.o.Metrics} }

// GroupMembers implements bot.GroupLookup over the Bot's client.
func (b *Bot) GroupMembers(ctx context.Context, groupID string) ([]string, error) {
	return b.Groups().GroupMembers(ctx, groupID)
}

// Connected reports whether at least one Socket Mode connection has said
// hello and not dropped since: the readiness signal.
func (b *Bot) Connected() bool { return b.openConnections() > 0 }

// openConnections counts the Socket Mode connections that said hello and
// have not dropped since.
func (b *Bot) openConnections() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, c := range b.connected {
		if c.up.Load() {
			n++
		}
	}
	return n
}

func (b *Bot) modalOptions() ModalOptions {
	return ModalOptions{
		MaxTRUs:         b.o.Policy.MaxTRUs,
		MaxDuration:     b.o.Policy.MaxDuration,
		DefaultDuration: b.o.DefaultDuration,
		Simulated:       b.o.Simulated,

		ActionPricePerMillion: b.o.Policy.ActionPricePerMillion,
	}
}
