package fakeslack

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/slack-go/slack"
)

// socketState is the Socket Mode side of the fake; guarded by Server.mu.
type socketState struct {
	conns    []*wsConn // live connections, in connection order
	next     int       // round-robin cursor
	connects int       // connections ever accepted
	envs     map[string]*envelope
	acks     []Ack
	closed   bool
}

type wsConn struct {
	id     int
	c      *websocket.Conn
	wmu    sync.Mutex // gorilla allows one concurrent writer
	closed chan struct{}
}

func (w *wsConn) write(b []byte) error {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	if err := w.c.SetWriteDeadline(time.Now().Add(5 * time.Second)); err != nil {
		return fmt.Errorf("setting write deadline: %w", err)
	}
	if err := w.c.WriteMessage(websocket.TextMessage, b); err != nil {
		return fmt.Errorf("writing to socket %d: %w", w.id, err)
	}
	return nil
}

type envelope struct {
	id        string
	typ       string
	payload   json.RawMessage
	sentAt    time.Time
	attempts  int
	conn      int // socket the last delivery went to
	ackNeeded bool
}

// Ack is an acknowledgement received from the client.
type Ack struct {
	EnvelopeID string
	// Payload is the ack's payload JSON (nil or "null" for an empty ack).
	Payload json.RawMessage
	At      time.Time
	// Latency is the time from the envelope's latest delivery to this ack.
	Latency time.Duration
	// Conn is the socket (1-based, in connection order) the ack came on.
	Conn int
}

// Delivery tells where an envelope went.
type Delivery struct {
	EnvelopeID string
	Conn       int
}

func (s *Server) serveSocket(w http.ResponseWriter, r *http.Request) {
	upgrader := websocket.Upgrader{
		// slack-go dials with Origin https://api.slack.com, which gorilla's
		// default same-origin check would refuse.
		CheckOrigin: func(*http.Request) bool { return true },
	}
	c, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered the client
	}
	s.mu.Lock()
	if s.sock.closed {
		s.mu.Unlock()
		_ = c.Close()
		return
	}
	s.sock.connects++
	wc := &wsConn{id: s.sock.connects, c: c, closed: make(chan struct{})}
	s.sock.conns = append(s.sock.conns, wc)
	n := len(s.sock.conns)
	s.mu.Unlock()

	hello, _ := json.Marshal(map[string]any{
		"type": "hello", "num_connections": n,
		"connection_info": map[string]string{"app_id": s.opts.appID},
		"debug_info":      map[string]any{"host": "fakeslack", "approximate_connection_time": 18060},
	})
	if err := wc.write(hello); err != nil {
		s.dropConn(wc)
		return
	}
	s.mu.Lock()
	s.notify() // announce the connection only once hello is out
	s.mu.Unlock()
	go s.pingLoop(wc)
	s.readLoop(wc)
}

func (s *Server) pingLoop(wc *wsConn) {
	t := time.NewTicker(s.opts.pingInterval)
	defer t.Stop()
	for {
		select {
		case <-wc.closed:
			return
		case <-t.C:
			if err := wc.c.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)); err != nil {
				return
			}
		}
	}
}

func (s *Server) readLoop(wc *wsConn) {
	defer s.dropConn(wc)
	for {
		_, msg, err := wc.c.ReadMessage()
		if err != nil {
			return
		}
		now := time.Now()
		var res struct {
			EnvelopeID string          `json:"envelope_id"`
			Payload    json.RawMessage `json:"payload"`
		}
		if json.Unmarshal(msg, &res) != nil || res.EnvelopeID == "" {
			continue
		}
		s.mu.Lock()
		ack := Ack{EnvelopeID: res.EnvelopeID, Payload: res.Payload, At: now, Conn: wc.id}
		if env, ok := s.sock.envs[res.EnvelopeID]; ok {
			ack.Latency = now.Sub(env.sentAt)
		}
		s.sock.acks = append(s.sock.acks, ack)
		s.notify()
		s.mu.Unlock()
	}
}

func (s *Server) dropConn(wc *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, c := range s.sock.conns {
		if c == wc {
			s.sock.conns = append(s.sock.conns[:i], s.sock.conns[i+1:]...)
			close(wc.closed)
			_ = wc.c.Close()
			s.notify()
			return
		}
	}
}

// closeSockets drops every socket and refuses new ones.
func (s *Server) closeSockets() {
	s.mu.Lock()
	s.sock.closed = true
	conns := append([]*wsConn(nil), s.sock.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.c.Close()
	}
}

// Connections returns the number of live Socket Mode connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sock.conns)
}

// Connects returns how many connections were ever accepted (a reconnect
// counts again).
func (s *Server) Connects() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sock.connects
}

// WaitConnections waits until at least n sockets are live.
func (s *Server) WaitConnections(n int, timeout time.Duration) error {
	if err := s.waitFor(timeout, func() bool { return len(s.sock.conns) >= n }); err != nil {
		return fmt.Errorf("waiting for %d socket mode connections: %w", n, err)
	}
	return nil
}

// WaitConnects waits until at least n connections were ever accepted.
func (s *Server) WaitConnects(n int, timeout time.Duration) error {
	if err := s.waitFor(timeout, func() bool { return s.sock.connects >= n && len(s.sock.conns) > 0 }); err != nil {
		return fmt.Errorf("waiting for connection number %d: %w", n, err)
	}
	return nil
}

// SendSlashCommand delivers a slash_commands envelope and returns its ID.
func (s *Server) SendSlashCommand(cmd slack.SlashCommand) (string, error) {
	if cmd.Command == "" {
		cmd.Command = "/capacity"
	}
	payload, err := json.Marshal(cmd)
	if err != nil {
		return "", fmt.Errorf("encoding slash command: %w", err)
	}
	return s.send("slash_commands", payload)
}

// SendInteraction delivers an interactive envelope (block_actions,
// block_suggestion, view_submission…) and returns its ID.
func (s *Server) SendInteraction(cb slack.InteractionCallback) (string, error) {
	payload, err := json.Marshal(&cb)
	if err != nil {
		return "", fmt.Errorf("encoding interaction: %w", err)
	}
	return s.send("interactive", payload)
}

// SendAppHomeOpened delivers an events_api envelope with an app_home_opened
// event, as Slack does when the user opens the app's tab ("home" or
// "messages"), and returns its ID.
func (s *Server) SendAppHomeOpened(user, tab string) (string, error) {
	s.mu.Lock()
	n := s.nextSeq()
	appID := s.opts.appID
	s.mu.Unlock()
	payload, err := json.Marshal(map[string]any{
		"token": "fake-verification-token", "team_id": "TFAKE", "api_app_id": appID,
		"type": "event_callback", "event_id": fmt.Sprintf("Ev%06d", n), "event_time": time.Now().Unix(),
		"event": map[string]any{
			"type": "app_home_opened", "user": user, "channel": "D" + user, "tab": tab,
			"event_ts": fmt.Sprintf("%d.%06d", time.Now().Unix(), n),
		},
	})
	if err != nil {
		return "", fmt.Errorf("encoding app_home_opened: %w", err)
	}
	return s.send("events_api", payload)
}

// SendRaw delivers an envelope with any type and payload (for malformed input).
func (s *Server) SendRaw(typ string, payload json.RawMessage) (string, error) {
	return s.send(typ, payload)
}

func (s *Server) send(typ string, payload json.RawMessage) (string, error) {
	s.mu.Lock()
	env := &envelope{id: fmt.Sprintf("env-%04d", s.nextSeq()), typ: typ, payload: payload, ackNeeded: true}
	s.sock.envs[env.id] = env
	s.mu.Unlock()
	if err := s.deliver(env); err != nil {
		return "", err
	}
	return env.id, nil
}

// Redeliver sends an envelope again with the same ID and retry_attempt
// incremented, as Slack does when an ack did not arrive in time.
func (s *Server) Redeliver(envelopeID string) error {
	s.mu.Lock()
	env, ok := s.sock.envs[envelopeID]
	s.mu.Unlock()
	if !ok {
		return fmt.Errorf("redelivering %s: unknown envelope", envelopeID)
	}
	return s.deliver(env)
}

// deliver writes an envelope to the next socket in round-robin order,
// waiting up to 5s for a socket to be there (the bot may be reconnecting).
func (s *Server) deliver(env *envelope) error {
	var wc *wsConn
	err := s.waitFor(5*time.Second, func() bool {
		if len(s.sock.conns) == 0 {
			return false
		}
		wc = s.sock.conns[s.sock.next%len(s.sock.conns)]
		s.sock.next++
		return true
	})
	if err != nil {
		return fmt.Errorf("delivering %s: no socket mode connection: %w", env.id, err)
	}
	s.mu.Lock()
	msg, err := json.Marshal(map[string]any{
		"envelope_id": env.id, "type": env.typ, "payload": env.payload,
		"accepts_response_payload": true,
		"retry_attempt":            env.attempts,
		"retry_reason":             retryReason(env.attempts),
	})
	env.attempts++
	env.sentAt = time.Now()
	env.conn = wc.id
	s.mu.Unlock()
	if err != nil {
		return fmt.Errorf("encoding envelope %s: %w", env.id, err)
	}
	return wc.write(msg)
}

func retryReason(attempt int) string {
	if attempt == 0 {
		return ""
	}
	return "timeout"
}

// DeliveredTo returns the socket (1-based) an envelope last went to.
func (s *Server) DeliveredTo(envelopeID string) (int, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	env, ok := s.sock.envs[envelopeID]
	if !ok {
		return 0, false
	}
	return env.conn, true
}

// Acks returns every ack received so far, in order.
func (s *Server) Acks() []Ack {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Ack(nil), s.sock.acks...)
}

// WaitAck waits for the first ack of an envelope.
func (s *Server) WaitAck(envelopeID string, timeout time.Duration) (Ack, error) {
	var found Ack
	err := s.waitFor(timeout, func() bool {
		for _, a := range s.sock.acks {
			if a.EnvelopeID == envelopeID {
				found = a
				return true
			}
		}
		return false
	})
	if err != nil {
		return Ack{}, fmt.Errorf("waiting for the ack of %s: %w", envelopeID, err)
	}
	return found, nil
}

// AckCount returns how many acks an envelope received.
func (s *Server) AckCount(envelopeID string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, a := range s.sock.acks {
		if a.EnvelopeID == envelopeID {
			n++
		}
	}
	return n
}

// SlowestAck returns the largest ack latency seen (0 with no acks).
func (s *Server) SlowestAck() time.Duration {
	var worst time.Duration
	for _, a := range s.Acks() {
		worst = max(worst, a.Latency)
	}
	return worst
}

// Disconnect drops every live socket abruptly, as a network failure would;
// the client must notice and reconnect.
func (s *Server) Disconnect() {
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.sock.conns...)
	s.mu.Unlock()
	for _, c := range conns {
		_ = c.c.Close()
	}
}

// RequestDisconnect sends Slack's "disconnect" frame with a reason (e.g.
// "warning", "refresh_requested") on every live socket.
func (s *Server) RequestDisconnect(reason string) error {
	s.mu.Lock()
	conns := append([]*wsConn(nil), s.sock.conns...)
	s.mu.Unlock()
	msg, _ := json.Marshal(map[string]any{"type": "disconnect", "reason": reason, "debug_info": map[string]string{"host": "fakeslack"}})
	var errs []error
	for _, c := range conns {
		errs = append(errs, c.write(msg))
	}
	return errors.Join(errs...)
}
