package bot

import (
	"context"
	"sync"
	"time"
)

// GroupLookup lists the members of a Slack user group
// (usergroups.users.list). Declared here, by its consumer.
type GroupLookup interface {
	GroupMembers(ctx context.Context, groupID string) ([]string, error)
}

// Authorizer decides who may use the bot where. It denies by default: with no
// boost users and no boost groups configured, nobody may change capacity.
type Authorizer struct {
	users    map[string]bool
	groups   []string
	channels map[string]bool
	lookup   GroupLookup
	ttl      time.Duration
	now      func() time.Time

	mu    sync.Mutex
	cache map[string]groupEntry
}

type groupEntry struct {
	members map[string]bool
	fetched time.Time
}

// NewAuthorizer builds an Authorizer. An empty allowedChannels allows every
// channel; ttl bounds how long a group's membership is trusted.
func NewAuthorizer(boostUsers, boostGroups, allowedChannels []string, groups GroupLookup, ttl time.Duration, now func() time.Time) *Authorizer {
	if now == nil {
		now = time.Now
	}
	a := &Authorizer{
		users:    map[string]bool{},
		channels: map[string]bool{},
		groups:   append([]string(nil), boostGroups...),
		lookup:   groups,
		ttl:      ttl,
		now:      now,
		cache:    map[string]groupEntry{},
	}
	for _, u := range boostUsers {
		a.users[u] = true
	}
	for _, c := range allowedChannels {
		a.channels[c] = true
	}
	return a
}

// ChannelAllowed reports whether commands may be used in the channel, and
// why not.
func (a *Authorizer) ChannelAllowed(channel string) (bool, string) {
	// TODO
	return true, ""
}

// CanChange reports whether the user may boost, extend, revert or schedule,
// and why not.
func (a *Authorizer) CanChange(ctx context.Context, userID string) (bool, string) {
	// TODO
	return a.users[userID], "TODO"
}
