package slackbot

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
	"go.uber.org/zap"
)

const (
	// ackTimeout bounds how long an ack may wait to be queued (only when the
	// socket is down and the write queue full).
	ackTimeout = 2 * time.Second
	// handlerTimeout bounds the work done after an ack.
	handlerTimeout = time.Minute
)

// Run connects to Slack and handles envelopes until ctx ends; then it waits
// for the handlers in flight (each bounded by handlerTimeout) and returns
// nil. It returns an error only when Slack refuses the connection for good
// (bad token, app not found); everything else reconnects.
func (b *Bot) Run(ctx context.Context) error {
	if b.o.Handler == nil {
		return errors.New("slackbot: Options.Handler is required")
	}
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Handlers outlive a cancelled Run so that a reply in progress is sent
	// during a graceful stop.
	handlerCtx := context.WithoutCancel(ctx)

	n := b.o.Connections
	flags := make([]*connState, n)
	for i := range flags {
		flags[i] = new(connState)
	}
	b.mu.Lock()
	b.connected = flags
	b.mu.Unlock()

	errc := make(chan error, n)
	for i := range n {
		var opts []socketmode.Option
		if b.o.PingInterval > 0 {
			opts = append(opts, socketmode.OptionPingInterval(b.o.PingInterval))
		}
		client := socketmode.New(b.o.API, opts...)
		clientCtx, clientCancel := context.WithCancel(runCtx)
		loopDone := make(chan struct{})
		go func() {
			defer close(loopDone)
			b.loop(clientCtx, handlerCtx, i, client, flags[i])
		}()
		go func() {
			err := client.RunContext(clientCtx)
			flags[i].up.Store(false)
			clientCancel() // RunContext only returns for good: stop the loop too
			<-loopDone
			errc <- err
		}()
	}

	var fatal error
	for range n {
		err := <-errc
		if err != nil && !errors.Is(err, context.Canceled) && fatal == nil {
			fatal = fmt.Errorf("slack socket mode connection: %w", err)
			cancel()
		}
	}
	b.inflight.Wait()
	return fatal
}

// loop reads one client's events. It never blocks on slow work: each
// envelope is acked here (payload-free acks within microseconds) and handled
// in a goroutine. Envelopes whose ack carries the answer (options requests,
// view submissions) are answered from their goroutine, within Slack's 3s.
func (b *Bot) loop(ctx, handlerCtx context.Context, n int, client *socketmode.Client, conn *connState) {
	log := b.log.With(zap.Int("connection", n))
	for {
		select {
		case <-ctx.Done():
			return
		case evt := <-client.Events:
			b.dispatch(handlerCtx, log, client, conn, evt)
		}
	}
}

func (b *Bot) dispatch(ctx context.Context, log *zap.Logger, client *socketmode.Client, conn *connState, evt socketmode.Event) {
	received := time.Now()
	if b.connectionEvent(log, conn, evt) {
		return
	}
	if evt.Request == nil || evt.Request.EnvelopeID == "" {
		return
	}
	req := *evt.Request
	log = log.With(zap.String("envelope", req.EnvelopeID), zap.Int("retry", req.RetryAttempt))

	switch evt.Type {
	case socketmode.EventTypeSlashCommand:
		b.ack(log, client, req, nil, received)
		cmd, ok := evt.Data.(slack.SlashCommand)
		if !ok || b.seen.seen(req.EnvelopeID) {
			return
		}
		b.spawn(ctx, func(ctx context.Context) { b.handleSlash(ctx, log, cmd, req.EnvelopeID) })
	case socketmode.EventTypeEventsAPI:
		b.ack(log, client, req, nil, received)
		ev, ok := evt.Data.(slackevents.EventsAPIEvent)
		if !ok || b.seen.seen(req.EnvelopeID) {
			return
		}
		b.spawn(ctx, func(ctx context.Context) { b.eventsAPI(ctx, log, ev) })
	case socketmode.EventTypeInteractive:
		cb, ok := evt.Data.(slack.InteractionCallback)
		if !ok {
			b.ack(log, client, req, nil, received)
			return
		}
		b.dispatchInteraction(ctx, log, client, req, cb, received)
	default:
		b.ack(log, client, req, nil, received)
	}
}

func (b *Bot) dispatchInteraction(ctx context.Context, log *zap.Logger, client *socketmode.Client, req socketmode.Request, cb slack.InteractionCallback, received time.Time) {
	log = log.With(zap.String("interaction", string(cb.Type)), zap.String("user", cb.User.ID))
	switch cb.Type {
	case slack.InteractionTypeBlockSuggestion:
		// No side effects: a redelivery is simply answered again.
		b.spawn(ctx, func(ctx context.Context) {
			b.ack(log, client, req, b.suggest(ctx, log, cb), received)
		})
	case slack.InteractionTypeViewSubmission:
		if b.seen.seen(req.EnvelopeID) {
			b.ack(log, client, req, nil, received)
			return
		}
		b.spawn(ctx, func(ctx context.Context) {
			b.ack(log, client, req, b.submit(ctx, log, cb), received)
		})
	default:
		b.ack(log, client, req, nil, received)
		if b.seen.seen(req.EnvelopeID) {
			return
		}
		b.spawn(ctx, func(ctx context.Context) { b.handleActions(ctx, log, cb) })
	}
}

// ack sends the envelope's ack and records how long after receipt it left.
func (b *Bot) ack(log *zap.Logger, client *socketmode.Client, req socketmode.Request, payload any, received time.Time) {
	ctx, cancel := context.WithTimeout(context.Background(), ackTimeout)
	defer cancel()
	err := client.AckCtx(ctx, req.EnvelopeID, payload)
	if b.o.Metrics != nil {
		b.o.Metrics.AckLatency.Observe(time.Since(received).Seconds())
	}
	if err != nil {
		log.Error("acking slack envelope", zap.Error(err))
	}
}

// spawn runs f after the ack, tracked so that Run can drain it.
func (b *Bot) spawn(ctx context.Context, f func(ctx context.Context)) {
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		ctx, cancel := context.WithTimeout(ctx, handlerTimeout)
		defer cancel()
		defer func() {
			if r := recover(); r != nil {
				b.log.Error("slack handler panicked", zap.Any("panic", r), zap.Stack("stack"))
			}
		}()
		f(ctx)
	}()
}
