package fakeslack

import (
	"net/http"
	"strings"
)

// Channel is a channel the fake knows, for conversations.info.
type Channel struct {
	ID, Name string
	Private  bool
	// Member says the bot is in the channel.
	Member   bool
	Archived bool
}

// workspace is what the fake knows of the workspace beyond messages: the
// scopes granted to the bot token and the channels. Guarded by Server.mu.
type workspace struct {
	scopes   []string
	channels map[string]Channel
}

// SetScopes sets the bot scopes the fake reports in the x-oauth-scopes
// header of every Web API response, as Slack does (default: none).
func (s *Server) SetScopes(scopes ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ws.scopes = append([]string(nil), scopes...)
}

// AddChannel makes a channel known to conversations.info; any other channel
// is channel_not_found, as is a private channel the bot is not in (Slack
// shows the bot only the private channels it belongs to).
func (s *Server) AddChannel(c Channel) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ws.channels == nil {
		s.ws.channels = map[string]Channel{}
	}
	s.ws.channels[c.ID] = c
}

// scopesHeader sets x-oauth-scopes on a Web API response; callers hold s.mu.
func (s *Server) scopesHeader(h http.Header) {
	h.Set("X-OAuth-Scopes", strings.Join(s.ws.scopes, ","))
}

// answerChannelInfo answers conversations.info; callers hold s.mu.
func (s *Server) answerChannelInfo(call *Call) map[string]any {
	c, found := s.ws.channels[call.Params["channel"]]
	if !found || (c.Private && !c.Member) {
		call.Error = "channel_not_found"
		return map[string]any{"ok": false, "error": call.Error}
	}
	return map[string]any{"ok": true, "channel": map[string]any{
		"id": c.ID, "name": c.Name, "is_channel": !c.Private, "is_group": c.Private, "is_private": c.Private,
		"is_member": c.Member, "is_archived": c.Archived,
	}}
}
