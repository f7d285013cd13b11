package slackbot

import (
	"errors"
	"fmt"
	"io"
	"net"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestConnectionEventLevels: a routine reconnect is info, failing to
// reconnect for a while is a warning, a refusal for good is an error. The
// level follows the event's type and typed error; before, every reconnect
// logged "use of closed network connection" at warn.
func TestConnectionEventLevels(t *testing.T) {
	closedRead := &net.OpError{Op: "read", Net: "tcp", Err: net.ErrClosed} // "use of closed network connection"
	connErr := func(attempt int) socketmode.Event {
		return socketmode.Event{Type: socketmode.EventTypeConnectionError,
			Data: &slack.ConnectionErrorEvent{Attempt: attempt, Backoff: time.Second, ErrorObj: errors.New("dial tcp: connection refused")}}
	}
	type step struct {
		after time.Duration // clock moves before the event
		evt   socketmode.Event
		want  zapcore.Level
		quiet bool // nothing logged
		up    bool
	}
	hello := step{evt: socketmode.Event{Type: socketmode.EventTypeHello}, want: zapcore.InfoLevel, up: true}
	cases := []struct {
		name  string
		steps []step
	}{
		{"closed socket then quick reconnect", []step{hello,
			{evt: socketmode.Event{Type: socketmode.EventTypeIncomingError, Data: &slack.IncomingEventError{ErrorObj: fmt.Errorf("reading: %w", closedRead)}}, want: zapcore.InfoLevel},
			{after: time.Second, evt: connErr(1), want: zapcore.InfoLevel},
			{after: 2 * time.Second, evt: hello.evt, want: zapcore.InfoLevel, up: true}}},
		{"normal websocket close and end of stream", []step{hello,
			{evt: socketmode.Event{Type: socketmode.EventTypeIncomingError, Data: &slack.IncomingEventError{ErrorObj: &websocket.CloseError{Code: websocket.CloseNormalClosure}}}, want: zapcore.InfoLevel},
			{evt: socketmode.Event{Type: socketmode.EventTypeErrorWriteFailed, Data: &socketmode.ErrorWriteFailed{Cause: io.EOF}}, want: zapcore.InfoLevel}}},
		{"slack asks to reconnect", []step{hello,
			{evt: socketmode.Event{Type: socketmode.EventTypeDisconnect}, want: zapcore.InfoLevel}}},
		{"reconnect failing for a while", []step{hello,
			{evt: socketmode.Event{Type: socketmode.EventTypeConnecting, Data: &slack.ConnectingEvent{Attempt: 1}}, quiet: true},
			{after: 10 * time.Second, evt: connErr(1), want: zapcore.InfoLevel},
			{after: reconnectWarnAfter, evt: connErr(2), want: zapcore.WarnLevel},
			{after: time.Minute, evt: connErr(3), want: zapcore.WarnLevel},
			{evt: hello.evt, want: zapcore.InfoLevel, up: true},
			// Down again: the clock of the last outage does not carry over.
			{after: time.Hour, evt: connErr(1), want: zapcore.InfoLevel}}},
		{"refused for good", []step{
			{evt: socketmode.Event{Type: socketmode.EventTypeInvalidAuth, Data: &slack.InvalidAuthEvent{}}, want: zapcore.ErrorLevel}}},
		{"fault on a live socket", []step{hello,
			{evt: socketmode.Event{Type: socketmode.EventTypeIncomingError, Data: &slack.IncomingEventError{ErrorObj: errors.New("unexpected reserved bits")}}, want: zapcore.WarnLevel, up: true},
			{evt: socketmode.Event{Type: socketmode.EventTypeErrorBadMessage, Data: &socketmode.ErrorBadMessage{Cause: errors.New("bad json")}}, want: zapcore.WarnLevel, up: true}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
			b := New(Options{Now: func() time.Time { return now }})
			conn := new(connState)
			for i, s := range tc.steps {
				now = now.Add(s.after)
				core, logs := observer.New(zapcore.DebugLevel)
				if !b.connectionEvent(zap.New(core), conn, s.evt) {
					t.Fatalf("step %d: %s not taken as a connection event", i, s.evt.Type)
				}
				switch entries := logs.All(); {
				case s.quiet && len(entries) != 0:
					t.Errorf("step %d (%s): logged %q, want nothing", i, s.evt.Type, entries[0].Message)
				case !s.quiet && (len(entries) != 1 || entries[0].Level != s.want):
					t.Errorf("step %d (%s): logged %v, want one entry at %s", i, s.evt.Type, entries, s.want)
				}
				if got := conn.up.Load(); got != s.up {
					t.Errorf("step %d (%s): up = %v, want %v", i, s.evt.Type, got, s.up)
				}
			}
		})
	}
}
