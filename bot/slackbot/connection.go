package slackbot

import (
	"errors"
	"io"
	"net"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// reconnectWarnAfter is how long a connection may stay down before a failed
// attempt to reconnect is a warning. Slack closes every Socket Mode
// connection every few hours and the client reconnects within seconds:
// that is routine, and logged at info.
const reconnectWarnAfter = time.Minute

// connState is one Socket Mode client's state: whether it is up (the
// readiness signal) and since when it has been down, which decides how loud
// a failed reconnect is. Only the client's event loop writes it.
type connState struct {
	up        atomic.Bool
	downSince atomic.Int64 // unix nanoseconds; 0 while up or before the first hello
}

func (c *connState) markUp() {
	c.up.Store(true)
	c.downSince.Store(0)
}

// markDown records the connection as down and returns how long it has been
// down (zero when it just went down).
func (c *connState) markDown(now time.Time) time.Duration {
	c.up.Store(false)
	if c.downSince.CompareAndSwap(0, now.UnixNano()) {
		return 0
	}
	return now.Sub(time.Unix(0, c.downSince.Load()))
}

// connectionEvent logs a Socket Mode connection event at the level it
// deserves, chosen by the event's type and its typed error, never by its
// text: a routine reconnect (a closed socket, Slack asking to reconnect, a
// first failed attempt) is info; failing to reconnect for longer than
// reconnectWarnAfter, or a read or write error on a live socket, is a
// warning; a refusal for good (invalid auth, app not found) is an error.
// It reports whether evt was a connection event.
func (b *Bot) connectionEvent(log *zap.Logger, conn *connState, evt socketmode.Event) bool {
	now := b.o.Now()
	switch evt.Type {
	case socketmode.EventTypeHello:
		conn.markUp()
		log.Info("slack connected")
	case socketmode.EventTypeConnecting:
		conn.markDown(now)
	case socketmode.EventTypeDisconnect:
		conn.markDown(now)
		log.Info("slack asked to reconnect; reconnecting")
	case socketmode.EventTypeInvalidAuth:
		conn.markDown(now)
		log.Error("slack refused the connection for good: check SLACK_APP_TOKEN and that the app exists", zap.String("type", string(evt.Type)))
	case socketmode.EventTypeConnectionError:
		down := conn.markDown(now)
		fields := []zap.Field{zap.Duration("down_for", down)}
		if ce, ok := evt.Data.(*slack.ConnectionErrorEvent); ok {
			fields = append(fields, zap.Int("attempt", ce.Attempt), zap.Duration("retry_in", ce.Backoff), zap.Error(ce.ErrorObj))
		}
		level := zapcore.InfoLevel
		if down >= reconnectWarnAfter {
			level = zapcore.WarnLevel
		}
		log.Log(level, "slack reconnect attempt failed; retrying", fields...)
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed, socketmode.EventTypeErrorBadMessage:
		err := eventError(evt)
		if closedSocket(err) {
			conn.markDown(now)
			log.Info("slack connection closed; reconnecting", zap.String("type", string(evt.Type)), zap.Error(err))
			return true
		}
		log.Warn("slack socket error", zap.String("type", string(evt.Type)), zap.Error(err))
	default:
		return false
	}
	return true
}

// eventError is the error a Socket Mode error event carries.
func eventError(evt socketmode.Event) error {
	switch d := evt.Data.(type) {
	case *slack.IncomingEventError:
		return d.ErrorObj
	case *socketmode.ErrorWriteFailed:
		return d.Cause
	case *socketmode.ErrorBadMessage:
		return d.Cause
	case error:
		return d
	}
	return nil
}

// closedSocket reports whether err is the end of a socket rather than a
// fault on it: a closed connection, an end of stream or a normal websocket
// close, which is how every routine reconnect begins.
func closedSocket(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, net.ErrClosed) || errors.Is(err, io.EOF) {
		return true
	}
	var ce *websocket.CloseError
	return errors.As(err, &ce) && (ce.Code == websocket.CloseNormalClosure || ce.Code == websocket.CloseGoingAway)
}
