package slackbot

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/check"
)

// Probe is the Slack side of `capacitybot check`: it implements check.Slack
// with calls that post nothing and open no socket.
type Probe struct {
	api *slack.Client

	mu     sync.Mutex
	scopes map[string]string // method → x-oauth-scopes of its last response
}

// NewProbe builds a Probe with its own client, one that keeps the
// x-oauth-scopes response header Slack sends with every call.
func NewProbe(botToken, appToken, apiURL string) *Probe {
	p := &Probe{scopes: map[string]string{}}
	opts := []slack.Option{slack.OptionAppLevelToken(appToken), slack.OptionOnResponseHeaders(p.keepScopes)}
	if apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	p.api = slack.New(botToken, opts...)
	return p
}

// keepScopes records the x-oauth-scopes header of a response, by method.
func (p *Probe) keepScopes(path string, h http.Header) {
	if _, found := h[http.CanonicalHeaderKey("x-oauth-scopes")]; !found {
		return
	}
	method := path[strings.LastIndex(path, "/")+1:]
	p.mu.Lock()
	p.scopes[method] = h.Get("x-oauth-scopes")
	p.mu.Unlock()
}

// AuthTest is auth.test with the scopes granted to the bot token.
func (p *Probe) AuthTest(ctx context.Context) (check.SlackAuth, error) {
	r, err := p.api.AuthTestContext(ctx)
	if err != nil {
		return check.SlackAuth{}, fmt.Errorf("auth.test: %w", err)
	}
	a := check.SlackAuth{Team: r.Team, TeamID: r.TeamID, User: r.User, UserID: r.UserID}
	p.mu.Lock()
	header, known := p.scopes["auth.test"]
	p.mu.Unlock()
	if known {
		a.ScopesKnown = true
		for _, s := range strings.Split(header, ",") {
			if s = strings.TrimSpace(s); s != "" {
				a.Scopes = append(a.Scopes, s)
			}
		}
		sort.Strings(a.Scopes)
	}
	return a, nil
}

// OpenConnection asks apps.connections.open for a Socket Mode URL and does
// not dial it.
func (p *Probe) OpenConnection(ctx context.Context) error {
	if _, _, err := p.api.StartSocketModeContext(ctx); err != nil {
		return fmt.Errorf("apps.connections.open: %w", err)
	}
	return nil
}

// ChannelInfo is conversations.info.
func (p *Probe) ChannelInfo(ctx context.Context, channelID string) (check.SlackChannel, error) {
	ch, err := p.api.GetConversationInfoContext(ctx, &slack.GetConversationInfoInput{ChannelID: channelID})
	if err != nil {
		return check.SlackChannel{}, fmt.Errorf("conversations.info %s: %w", channelID, err)
	}
	return check.SlackChannel{ID: ch.ID, Name: ch.Name, Private: ch.IsPrivate, Member: ch.IsMember, Archived: ch.IsArchived}, nil
}

// GroupMembers is usergroups.users.list, as the authorizer calls it.
func (p *Probe) GroupMembers(ctx context.Context, groupID string) ([]string, error) {
	return Groups{API: p.api}.GroupMembers(ctx, groupID)
}

// ScopeNames are the bot scopes manifest.yaml asks for, sorted.
func ScopeNames() []string {
	scopes := BotScopes()
	names := make([]string, 0, len(scopes))
	for s := range scopes {
		names = append(names, s)
	}
	sort.Strings(names)
	return names
}
