package app

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/slack-go/slack"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/console"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// Options are what one process is built from. Exactly one of Slack and
// Console is set: it chooses the chat side.
type Options struct {
	Temporal  client.Client
	TaskQueue string
	// TemporalNamespace is the namespace Temporal is used in, so a history
	// can say how far back it keeps finished runs ("" : not said).
	TemporalNamespace string
	Ops               *cloudops.Client
	Usage             *metrics.Client

	Policy          workflows.Policy
	DefaultDuration time.Duration // a boost's length when the command names none
	AlertChannel    string
	// Simulated marks every reply and message as coming from the simulated
	// account, so no one mistakes it for their own.
	Simulated bool

	Logger  *zap.Logger
	Metrics *telemetry.Metrics // may be nil

	// WorkerStopTimeout is how long the worker's Stop waits for activities
	// in flight (0: the SDK's default).
	WorkerStopTimeout time.Duration

	Slack   *SlackOptions
	Console *ConsoleOptions

	// Checks runs /capacity check (nil: the command is refused).
	Checks bot.Checker

	// Scopes narrows which namespaces each user or user group may change
	// (BOOST_SCOPES), on either chat side and in scheduled runs; nil: none.
	Scopes capacity.Scopes
	// ApproverUsers and members of ApproverGroups may approve or deny a
	// boost that waits for approval (on the console, user names).
	ApproverUsers, ApproverGroups []string
	// AllowBoostRequests lets users who may not boost request a boost,
	// which always waits for an approver.
	AllowBoostRequests bool
}

// SlackOptions are the Socket Mode adapter's inputs.
type SlackOptions struct {
	API *slack.Client // with the app-level token set
	// BoostUsers and members of BoostGroups may change capacity, in
	// AllowedChannels (empty: any channel); group membership is trusted for
	// GroupCacheTTL.
	BoostUsers, BoostGroups, AllowedChannels []string
	GroupCacheTTL                            time.Duration
	Connections                              int
	PingInterval                             time.Duration // 0: slack-go's default
}

// ConsoleOptions are the terminal adapter's inputs.
type ConsoleOptions struct {
	In  io.Reader
	Out io.Writer
	// User is the console user, who may boost: on a terminal there is
	// nobody else to ask. BoostUsers may boost too (commands name them).
	User        string
	BoostUsers  []string
	Interactive bool
	// WaitWorkflow blocks until a workflow has closed, so that piped input
	// waits for the work it started.
	WaitWorkflow func(ctx context.Context, workflowID string) error
	// ReportDir is where a report too large to print whole is written as
	// CSV ("": the system's temporary directory).
	ReportDir string
}

// Parts are the built process. The worker has the workflows and activities
// registered and is not started; the chat side is not running.
type Parts struct {
	Auth       *bot.Authorizer
	Handler    *bot.Handler
	Bot        *slackbot.Bot    // Slack mode only
	Console    *console.Console // console mode only
	Activities *workflows.Activities
	Worker     worker.Worker
}

// ErrChatSide is returned by Build unless exactly one chat side is chosen.
var ErrChatSide = errors.New("app: set exactly one of Options.Slack and Options.Console")

// Build wires the handler, the chat adapter and the worker. The worker's
// activities re-check permissions with the chat side's authorizer and send
// their messages through the chat side's notifier.
func Build(o Options) (*Parts, error) {
	if (o.Slack == nil) == (o.Console == nil) {
		return nil, ErrChatSide
	}
	p := &Parts{Auth: authorizer(o)}
	p.Handler = newHandler(o, p.Auth)
	notifier := buildChat(o, p)
	p.Activities = &workflows.Activities{
		Cloud:        o.Ops,
		Usage:        o.Usage,
		Notifier:     notifier,
		Policy:       o.Policy,
		AlertChannel: o.AlertChannel,
		Simulated:    o.Simulated,
		Logger:       o.Logger.Named("activities"),
		Metrics:      o.Metrics,
		Permissions:  p.Auth,
		Approvers:    p.Auth,
	}
	p.Worker = worker.New(o.Temporal, o.TaskQueue, worker.Options{WorkerStopTimeout: o.WorkerStopTimeout})
	workflows.Register(p.Worker, p.Activities)
	return p, nil
}

// authorizer decides who may change capacity. In Slack, the boost users and
// groups, in the allowed channels; on the console, its user (on a terminal
// there is nobody else to ask) and the boost users.
func authorizer(o Options) *bot.Authorizer {
	if s := o.Slack; s != nil {
		groups := slackbot.Groups{API: s.API, Metrics: o.Metrics}
		return bot.NewAuthorizer(s.BoostUsers, s.BoostGroups, s.AllowedChannels, groups, s.GroupCacheTTL, nil).
			WithScopes(o.Scopes).WithApprovers(o.ApproverUsers, o.ApproverGroups)
	}
	c := o.Console
	return bot.NewAuthorizer(append([]string{c.User}, c.BoostUsers...), nil, nil, nil, 0, nil).
		WithScopes(o.Scopes).WithApprovers(o.ApproverUsers, nil)
}

// buildChat builds the chosen chat side into p and returns the notifier the
// workflows' messages go through.
func buildChat(o Options, p *Parts) workflows.Notifier {
	if s := o.Slack; s != nil {
		p.Bot = slackbot.New(slackbot.Options{
			API:             s.API,
			Handler:         p.Handler,
			Auth:            p.Auth,
			Cloud:           o.Ops,
			Policy:          o.Policy,
			DefaultDuration: o.DefaultDuration,
			AlertChannel:    o.AlertChannel,
			Simulated:       o.Simulated,
			Logger:          o.Logger.Named("slack"),
			Metrics:         o.Metrics,
			Connections:     s.Connections,
			PingInterval:    s.PingInterval,
		})
		return p.Bot.Notifier()
	}
	c := o.Console
	p.Console = console.New(console.Options{
		In:           c.In,
		Out:          c.Out,
		Handler:      p.Handler,
		User:         c.User,
		Interactive:  c.Interactive,
		Logger:       o.Logger.Named("console"),
		WaitWorkflow: c.WaitWorkflow,
		Simulated:    o.Simulated,
		ReportDir:    c.ReportDir,
		AllowAs:      o.Simulated,
	})
	return p.Console.Notifier()
}

func newHandler(o Options, auth *bot.Authorizer) *bot.Handler {
	return bot.NewHandler(bot.HandlerOptions{
		Engine:          bot.NewTemporalEngine(o.Temporal, o.TaskQueue).WithNamespace(o.TemporalNamespace),
		Cloud:           o.Ops,
		Auth:            auth,
		Policy:          o.Policy,
		DefaultDuration: o.DefaultDuration,
		Simulated:       o.Simulated,
		Logger:          o.Logger.Named("bot"),
		Metrics:         o.Metrics,
		Checks:          o.Checks,

		AllowBoostRequests: o.AllowBoostRequests,
	})
}
