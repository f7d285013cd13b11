// Package fakeslack is a fake Slack on loopback for tests: the Web API methods
// the bot calls and a Socket Mode websocket, both real HTTP, so the bot under
// test runs its production code paths (slack-go's HTTP client and socketmode
// client) unchanged. Every call is recorded in order; faults (429, API errors,
// dropped sockets) can be injected; acks are recorded with their latency.
package fakeslack

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a running fake Slack. It is safe for concurrent use.
type Server struct {
	srv  *httptest.Server
	opts options

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever something is recorded
	calls   []Call
	faults  map[string][]fault
	// blockRefusals and channelRefusals make Slack refuse messages by
	// content, as the real one does (RefuseBlocks, RefuseChannel).
	blockRefusals   []*blockRefusal
	channelRefusals map[string]string
	groups          map[string][]string
	uploads         map[string][]byte // file ID → uploaded content
	seq             int               // for timestamps and IDs
	// messages are the posted messages by channel and ts, as last updated.
	messages map[messageKey]message
	ws       workspace

	sock socketState
}

type options struct {
	pingInterval time.Duration
	appID        string
}

// Option configures a Server.
type Option func(*options)

// WithPingInterval sets how often the fake pings every socket (Slack pings
// regularly and slack-go reconnects when pings stop). Default 2s.
func WithPingInterval(d time.Duration) Option { return func(o *options) { o.pingInterval = d } }

// New starts a fake Slack on 127.0.0.1. When tb is not nil the server is
// closed at the end of the test; otherwise the caller must call Close.
func New(tb testing.TB, opts ...Option) *Server {
	o := options{pingInterval: 2 * time.Second, appID: "AFAKEAPP"}
	for _, opt := range opts {
		opt(&o)
	}
	s := &Server{
		opts:            o,
		changed:         make(chan struct{}),
		faults:          map[string][]fault{},
		channelRefusals: map[string]string{},
		groups:          map[string][]string{},
		uploads:         map[string][]byte{},
	}
	s.sock.envs = map[string]*envelope{}
	mux := http.NewServeMux()
	mux.HandleFunc("/api/", s.serveAPI)
	mux.HandleFunc("/upload/", s.serveUpload)
	mux.HandleFunc("/ws", s.serveSocket)
	mux.HandleFunc("/response/", s.serveResponseURL)
	s.srv = httptest.NewServer(mux)
	if tb != nil {
		tb.Cleanup(s.Close)
	}
	return s
}

// APIURL is the Web API base URL, with the trailing slash slack-go needs.
func (s *Server) APIURL() string { return s.srv.URL + "/api/" }

// ResponseURL is a response_url for a slash command or interaction; posts to
// it are recorded as calls of method "response_url" (faults apply under that
// name too).
func (s *Server) ResponseURL(id string) string { return s.srv.URL + "/response/" + id }

// URL is the server's base URL (http://127.0.0.1:port).
func (s *Server) URL() string { return s.srv.URL }

// Close drops every socket and stops the server.
func (s *Server) Close() {
	s.closeSockets()
	s.srv.CloseClientConnections()
	s.srv.Close()
}

// notify wakes every waiter; callers hold s.mu.
func (s *Server) notify() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor polls check (under s.mu) each time something is recorded, until it
// returns true or the timeout passes.
func (s *Server) waitFor(timeout time.Duration, check func() bool) error {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	for {
		s.mu.Lock()
		ok := check()
		ch := s.changed
		s.mu.Unlock()
		if ok {
			return nil
		}
		select {
		case <-ch:
		case <-timer.C:
			return fmt.Errorf("fakeslack: condition not met within %s", timeout)
		}
	}
}

// nextSeq returns a fresh sequence number; callers hold s.mu.
func (s *Server) nextSeq() int {
	s.seq++
	return s.seq
}

// Call is one recorded Web API call.
type Call struct {
	Method string
	// Params holds form fields, or the top-level fields of a JSON body
	// rendered as strings (objects and arrays as their JSON).
	Params map[string]string
	// Body is the raw JSON body for JSON calls (views.*), nil for forms.
	Body json.RawMessage
	// Token is the token the call carried (form field or Bearer header).
	Token string
	At    time.Time
	// Error is the error the fake answered with ("" on success).
	Error string
	// Status is the HTTP status answered.
	Status int
	// TS is the timestamp the fake gave a posted message (chat.postMessage).
	TS string
}

// Param returns one parameter ("" when absent).
func (c Call) Param(name string) string { return c.Params[name] }

// Blocks returns the call's blocks JSON (form field "blocks" or the blocks of
// a JSON view), or nil.
func (c Call) Blocks() json.RawMessage {
	if b := c.Params["blocks"]; b != "" {
		return json.RawMessage(b)
	}
	if v := c.Params["view"]; v != "" {
		var view struct {
			Blocks json.RawMessage `json:"blocks"`
		}
		if json.Unmarshal([]byte(v), &view) == nil {
			return view.Blocks
		}
	}
	return nil
}

// OK reports whether the fake answered the call successfully.
func (c Call) OK() bool { return c.Error == "" && c.Status == http.StatusOK }

// Calls returns every call so far, in order.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// CallsTo returns the calls to one method, in order.
func (s *Server) CallsTo(method string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Method == method {
			out = append(out, c)
		}
	}
	return out
}

// WaitCall waits until a recorded call satisfies match and returns the first
// such call.
func (s *Server) WaitCall(timeout time.Duration, match func(Call) bool) (Call, error) {
	var found Call
	err := s.waitFor(timeout, func() bool {
		for _, c := range s.calls {
			if match(c) {
				found = c
				return true
			}
		}
		return false
	})
	if err != nil {
		return Call{}, fmt.Errorf("waiting for a matching Slack call: %w", err)
	}
	return found, nil
}

// Mark returns the number of calls so far, for WaitCallAfter.
func (s *Server) Mark() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

// WaitCallAfter is WaitCall over the calls recorded after mark (see Mark).
func (s *Server) WaitCallAfter(mark int, timeout time.Duration, match func(Call) bool) (Call, error) {
	var found Call
	err := s.waitFor(timeout, func() bool {
		for _, c := range s.calls[min(mark, len(s.calls)):] {
			if match(c) {
				found = c
				return true
			}
		}
		return false
	})
	if err != nil {
		return Call{}, fmt.Errorf("waiting for a matching Slack call after call %d: %w", mark, err)
	}
	return found, nil
}

// WaitMethod waits for the first call to method whose params contain every
// key/value pair of want.
func (s *Server) WaitMethod(timeout time.Duration, method string, want map[string]string) (Call, error) {
	return s.WaitCall(timeout, func(c Call) bool {
		if c.Method != method {
			return false
		}
		for k, v := range want {
			if c.Params[k] != v {
				return false
			}
		}
		return true
	})
}

// SetGroupMembers sets the members usergroups.users.list answers for a group.
func (s *Server) SetGroupMembers(groupID string, users ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.groups[groupID] = append([]string(nil), users...)
}

// Upload returns the content uploaded for a file ID.
func (s *Server) Upload(fileID string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.uploads[fileID]
	return b, ok
}

// WaitUntil polls cond whenever the fake records something (a call, an ack,
// a connection) until cond is true or ctx ends.
func (s *Server) WaitUntil(ctx context.Context, cond func() bool) error {
	for {
		s.mu.Lock()
		ch := s.changed
		s.mu.Unlock()
		if cond() {
			return nil
		}
		select {
		case <-ch:
		case <-ctx.Done():
			return fmt.Errorf("fakeslack: waiting: %w", ctx.Err())
		}
	}
}

func bearer(r *http.Request) string {
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
}
