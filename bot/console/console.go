// Package console is the terminal adapter: it reads /capacity commands from a
// reader, runs them through the same bot.Handler as Slack, and prints what
// Slack would show, including the workflows' root messages, thread replies,
// alerts and reports, so the bot can be tried with nothing configured.
package console

import (
	"context"
	"io"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// Options configures a Console.
type Options struct {
	In      io.Reader
	Out     io.Writer
	Handler *bot.Handler
	User    string
	Channel string // default "console"
	// Interactive makes a bare "boost" prompt for the modal's fields.
	Interactive bool
	Logger      *zap.Logger
}

// Console runs commands from a terminal.
type Console struct {
	o Options
}

// New builds a Console.
func New(o Options) *Console {
	if o.Channel == "" {
		o.Channel = "console"
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	return &Console{o: o}
}

// Run reads commands until EOF (returns nil) or ctx is done.
func (c *Console) Run(ctx context.Context) error {
	return nil // TODO
}

// Notifier returns the workflows.Notifier that prints to the console.
func (c *Console) Notifier() workflows.Notifier {
	return nil // TODO
}

// Wait waits, at most timeout, until every boost started in this session has
// ended and every requested report has been printed.
func (c *Console) Wait(ctx context.Context, timeout time.Duration) {
	// TODO
}
