package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync/atomic"
	"time"

	"go.temporal.io/sdk/client"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot/console"
	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/config"
)

// consoleWaitLimit bounds how long the console keeps the process up after
// the end of piped input, waiting for the boosts it started to finish.
const consoleWaitLimit = 10 * time.Minute

// consoleWait is how long the console waits after piped input: with
// approvals on, until a request has had its whole APPROVAL_TIMEOUT (plus
// the boost's time to apply, within consoleWaitLimit).
func consoleWait(cfg config.Config) time.Duration {
	if cfg.ApprovalsEnabled() {
		return cfg.ApprovalTimeout + consoleWaitLimit
	}
	return consoleWaitLimit
}

// chat is the human side of the bot: Slack or the console. Both speak the
// same commands through one bot.Handler (built by app.Build).
type chat struct {
	name string
	// run serves commands until ctx is done or, for the console, the input
	// ends (then it waits for what the input started, bounded).
	run   func(ctx context.Context) error
	ready func() error
}

// slackOptions are the Socket Mode adapter's settings; nil when Slack is not
// configured (the console then).
func slackOptions(cfg config.Config) *app.SlackOptions {
	if !cfg.SlackEnabled() {
		return nil
	}
	return &app.SlackOptions{
		API:             slackbot.NewClient(cfg.SlackBotToken, cfg.SlackAppToken, cfg.SlackAPIURL),
		BoostUsers:      cfg.SlackBoostUsers,
		BoostGroups:     cfg.SlackBoostGroups,
		AllowedChannels: cfg.SlackAllowedChannels,
		GroupCacheTTL:   cfg.SlackGroupCacheTTL,
		Connections:     cfg.SlackConnections,
	}
}

// consoleOptions are the terminal adapter's settings; nil with Slack. The
// console user may boost: on a terminal there is nobody else to ask, and the
// account is simulated unless keys were set on purpose.
func consoleOptions(cfg config.Config, tc client.Client) *app.ConsoleOptions {
	if cfg.SlackEnabled() {
		return nil
	}
	interactive := false
	if fi, err := os.Stdin.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
		interactive = true
	}
	return &app.ConsoleOptions{
		In:          os.Stdin,
		Out:         os.Stdout,
		User:        cfg.ConsoleUser,
		BoostUsers:  cfg.SlackBoostUsers,
		Interactive: interactive,
		ReportDir:   filepath.Join(cfg.DataDir, "reports"),
		WaitWorkflow: func(ctx context.Context, id string) error {
			return tc.GetWorkflow(ctx, id, "").Get(ctx, nil)
		},
	}
}

// newChat wraps the built chat side for serve's run loop and readiness.
// waitLimit is consoleWaitLimit, stretched to the approval timeout when
// approvals are on: a piped request then waits until it is answered or
// expires (its workflow closes either way).
func newChat(p *app.Parts, logger *zap.Logger, waitLimit time.Duration) *chat {
	if p.Bot != nil {
		return newSlack(p.Bot)
	}
	return newConsole(p.Console, logger, waitLimit)
}

func newConsole(con *console.Console, logger *zap.Logger, waitLimit time.Duration) *chat {
	var started atomic.Bool
	return &chat{
		name: "console",
		run: func(ctx context.Context) error {
			started.Store(true)
			if err := con.Run(ctx); err != nil {
				if ctx.Err() != nil {
					return nil // stopped by the drain, not a failure
				}
				return err
			}
			if ctx.Err() == nil {
				logger.Info("end of console input; waiting for the boosts it started to finish",
					zap.Duration("at_most", waitLimit))
				con.Wait(ctx, waitLimit)
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

func newSlack(b *slackbot.Bot) *chat {
	return &chat{
		name: "slack",
		run:  b.Run,
		ready: func() error {
			if !b.Connected() {
				return errors.New("no Socket Mode connection to Slack")
			}
			return nil
		},
	}
}
