package main

import (
	"context"
	"errors"
	"os"
	"sync/atomic"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/bot/console"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/internal/config"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// consoleWaitLimit bounds how long the console keeps the process up after
// the end of piped input, waiting for the boosts it started to finish.
const consoleWaitLimit = 10 * time.Minute

// chat is the human side of the bot: Slack or the console. Both speak the
// same commands through one bot.Handler.
type chat struct {
	name     string
	notifier workflows.Notifier
	// auth decides who may change capacity; the worker asks it again before
	// each scheduled boost run.
	auth *bot.Authorizer
	// run serves commands until ctx is done or, for the console, the input
	// ends (then it waits for what the input started, bounded).
	run   func(ctx context.Context) error
	ready func() error
}

// chatDeps is what both adapters are built from.
type chatDeps struct {
	cfg     config.Config
	engine  bot.Engine
	cloud   bot.CloudReader
	sim     bool
	metrics *telemetry.Metrics
	logger  *zap.Logger
	// waitWorkflow blocks until a workflow has closed (console: wait for the
	// work a piped script started before exiting).
	waitWorkflow func(ctx context.Context, workflowID string) error
}

func newHandler(d chatDeps, auth *bot.Authorizer) *bot.Handler {
	return bot.NewHandler(bot.HandlerOptions{
		Engine:          d.engine,
		Cloud:           d.cloud,
		Auth:            auth,
		Policy:          policyFromConfig(d.cfg),
		DefaultDuration: d.cfg.DefaultBoostDuration,
		Simulated:       d.sim,
		Logger:          d.logger.Named("bot"),
		Metrics:         d.metrics,
	})
}

// newConsole builds the terminal adapter. The console user may boost: on a
// terminal there is nobody else to ask, and the account is simulated unless
// keys were set on purpose.
func newConsole(d chatDeps) *chat {
	users := append([]string{d.cfg.ConsoleUser}, d.cfg.SlackBoostUsers...)
	auth := bot.NewAuthorizer(users, nil, nil, nil, 0, nil)
	interactive := false
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		interactive = true
	}
	con := console.New(console.Options{
		In:           os.Stdin,
		Out:          os.Stdout,
		Handler:      newHandler(d, auth),
		User:         d.cfg.ConsoleUser,
		Interactive:  interactive,
		Logger:       d.logger.Named("console"),
		WaitWorkflow: d.waitWorkflow,
		Simulated:    d.sim,
	})
	var started atomic.Bool
	return &chat{
		name:     "console",
		notifier: con.Notifier(),
		auth:     auth,
		run: func(ctx context.Context) error {
			started.Store(true)
			if err := con.Run(ctx); err != nil {
				if ctx.Err() != nil {
					return nil // stopped by the drain, not a failure
				}
				return err
			}
			if ctx.Err() == nil {
				d.logger.Info("end of console input; waiting for the boosts it started to finish",
					zap.Duration("at_most", consoleWaitLimit))
				con.Wait(ctx, consoleWaitLimit)
			}
			return nil
		},
		ready: func() error {
			if !started.Load() {
				return errors.New("console not started")
			}
			return nil
		},
	}
}

// newSlack builds the Socket Mode adapter.
func newSlack(d chatDeps) *chat {
	cfg := d.cfg
	api := slackbot.NewClient(cfg.SlackBotToken, cfg.SlackAppToken, cfg.SlackAPIURL)
	groups := slackbot.Groups{API: api, Metrics: d.metrics}
	auth := bot.NewAuthorizer(cfg.SlackBoostUsers, cfg.SlackBoostGroups, cfg.SlackAllowedChannels, groups, cfg.SlackGroupCacheTTL, nil)
	b := slackbot.New(slackbot.Options{
		API:             api,
		Handler:         newHandler(d, auth),
		Auth:            auth,
		Cloud:           d.cloud,
		Policy:          policyFromConfig(cfg),
		DefaultDuration: cfg.DefaultBoostDuration,
		AlertChannel:    cfg.SlackAlertChannel,
		Simulated:       d.sim,
		Logger:          d.logger.Named("slack"),
		Metrics:         d.metrics,
		Connections:     cfg.SlackConnections,
	})
	return &chat{
		name:     "slack",
		notifier: b.Notifier(),
		auth:     auth,
		run:      b.Run,
		ready: func() error {
			if !b.Connected() {
				return errors.New("no Socket Mode connection to Slack")
			}
			return nil
		},
	}
}
