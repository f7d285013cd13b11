package fakeslack

import "encoding/json"

// message is a posted message as the fake keeps it, so conversations.history
// can answer with what chat.postMessage and chat.update last made of it.
type message struct {
	Text   string          `json:"text"`
	TS     string          `json:"ts"`
	Blocks json.RawMessage `json:"blocks,omitempty"`
}

type messageKey struct{ channel, ts string }

// keepMessage stores a posted or updated message; callers hold s.mu.
func (s *Server) keepMessage(channel, ts string, p map[string]string) {
	if s.messages == nil {
		s.messages = map[messageKey]message{}
	}
	m := message{Text: p["text"], TS: ts}
	if b := p["blocks"]; b != "" && json.Valid([]byte(b)) {
		m.Blocks = json.RawMessage(b)
	}
	s.messages[messageKey{channel, ts}] = m
}

// history answers conversations.history for one message (latest=ts,
// inclusive), the way the bot reads a message back; callers hold s.mu.
func (s *Server) history(p map[string]string) map[string]any {
	m, ok := s.messages[messageKey{p["channel"], p["latest"]}]
	if !ok {
		return map[string]any{"ok": true, "messages": []message{}}
	}
	return map[string]any{"ok": true, "messages": []message{m}}
}
