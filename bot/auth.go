package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

// GroupLookup lists the members of a Slack user group
// (usergroups.users.list). Declared here, by its consumer.
type GroupLookup interface {
	GroupMembers(ctx context.Context, groupID string) ([]string, error)
}

// Authorizer decides who may use the bot where. It denies by default: with no
// boost users and no boost groups configured, nobody may change capacity.
// Group membership is cached for ttl so that a burst of button clicks does
// not hit Slack's rate limits; a failed lookup fails closed unless a cached
// answer is still at hand. Safe for concurrent use.
type Authorizer struct {
	users  map[string]bool
	groups []string
	// approvers and approverGroups may approve or deny boosts that wait
	// for approval (WithApprovers).
	approvers      map[string]bool
	approverGroups []string
	channels       map[string]bool
	scopes         capacity.Scopes
	lookup         GroupLookup
	ttl            time.Duration
	now            func() time.Time

	mu    sync.Mutex
	cache map[string]groupEntry
}

// staleGrace is how long past its TTL a cached group membership may still be
// used when Slack cannot be asked: long enough to ride out a Slack blip,
// short enough that removing someone from a group takes effect.
const staleGrace = time.Hour

type groupEntry struct {
	members map[string]bool
	fetched time.Time
}

// NewAuthorizer builds an Authorizer. An empty allowedChannels allows every
// channel; ttl bounds how long a group's membership is trusted (zero: always
// look it up). groups may be nil when boostGroups is empty.
func NewAuthorizer(boostUsers, boostGroups, allowedChannels []string, groups GroupLookup, ttl time.Duration, now func() time.Time) *Authorizer {
	if now == nil {
		now = time.Now
	}
	a := &Authorizer{
		users:    map[string]bool{},
		channels: map[string]bool{},
		lookup:   groups,
		ttl:      ttl,
		now:      now,
		cache:    map[string]groupEntry{},
	}
	for _, u := range boostUsers {
		if u = strings.TrimSpace(u); u != "" {
			a.users[u] = true
		}
	}
	for _, g := range boostGroups {
		if g = strings.TrimSpace(g); g != "" {
			a.groups = append(a.groups, g)
		}
	}
	for _, c := range allowedChannels {
		if c = strings.TrimSpace(c); c != "" {
			a.channels[c] = true
		}
	}
	return a
}

// WithScopes narrows who may change which namespace (BOOST_SCOPES): with
// scopes, a user allowed to change capacity may change a namespace only when
// a scope of theirs, or of a user group they belong to, matches it. Called
// once while building, before the Authorizer is shared.
func (a *Authorizer) WithScopes(s capacity.Scopes) *Authorizer {
	a.scopes = s
	return a
}

// Denial is why the authorizer refused. Words are for the user, in their
// terms: they can neither see nor change the bot's settings, so Words never
// name one. Settings names the settings that decided, for the log.
type Denial struct {
	Words    string
	Settings string
}

// askAdmin is what a user who may not change capacity can do about it.
const askAdmin = "ask a workspace admin to add you to the bot's boost users or groups"

// ChannelAllowed reports whether commands may be used in the channel, and
// why not (ChannelDenial's words).
func (a *Authorizer) ChannelAllowed(channel string) (bool, string) {
	if d := a.ChannelDenial(channel); d != nil {
		return false, d.Words
	}
	return true, ""
}

// ChannelDenial is why commands may not be used in the channel; nil when
// they may. With no allowed channels configured, every channel is allowed.
func (a *Authorizer) ChannelDenial(channel string) *Denial {
	if len(a.channels) == 0 || a.channels[channel] {
		return nil
	}
	return &Denial{Words: "this bot only answers in the channels a workspace admin chose for it; please use one of those",
		Settings: "SLACK_ALLOWED_CHANNELS"}
}

// CanChange reports whether the user may change the namespace (ChangeDenial),
// and why not. A scheduled run asks it again for the schedule's creator.
func (a *Authorizer) CanChange(ctx context.Context, userID, namespace string) (bool, string) {
	if d := a.ChangeDenial(ctx, userID, namespace); d != nil {
		return false, d.Words
	}
	return true, ""
}

// ChangeDenial is why the user may not boost, extend, revert, set or
// schedule the namespace; nil when they may. It is the one rule every
// command, button, form and scheduled run asks. An empty namespace (a form
// not yet filled, check, schedule list) asks whether the user may change
// any namespace at all. Without BOOST_SCOPES, an allowed user may change
// every namespace (the allow and deny lists still apply).
func (a *Authorizer) ChangeDenial(ctx context.Context, userID, namespace string) *Denial {
	if d := a.boosterDenial(ctx, userID); d != nil {
		return d
	}
	if len(a.scopes) == 0 {
		return nil
	}
	return a.scopeDenial(ctx, userID, namespace)
}

func (a *Authorizer) boosterDenial(ctx context.Context, userID string) *Denial {
	const settings = "SLACK_BOOST_USERS, SLACK_BOOST_GROUPS"
	if userID == "" {
		return &Denial{Words: "the request carries no user, so it cannot be authorized"}
	}
	if len(a.users) == 0 && len(a.groups) == 0 {
		return &Denial{Words: "nobody is allowed to change capacity yet; " + askAdmin, Settings: settings + " (both empty)"}
	}
	if a.users[userID] {
		return nil
	}
	in, failed := a.inGroups(ctx, userID, a.groups)
	if in {
		return nil
	}
	if len(failed) > 0 {
		return groupCheckFailed(failed, "SLACK_BOOST_GROUPS")
	}
	return &Denial{Words: "you may not change capacity; " + askAdmin,
		Settings: fmt.Sprintf("%s (groups: %s)", settings, strings.Join(a.groups, ", "))}
}

func groupCheckFailed(groups []string, setting string) *Denial {
	return &Denial{Words: fmt.Sprintf("the membership of user group %s could not be checked with Slack just now, so the change is refused; try again in a minute", strings.Join(groups, ", ")),
		Settings: setting}
}

// inGroups reports whether the user is a member of one of groups, and the
// groups whose membership could not be read (when not found in another).
func (a *Authorizer) inGroups(ctx context.Context, userID string, groups []string) (bool, []string) {
	var failed []string
	for _, g := range groups {
		members, err := a.members(ctx, g)
		if err != nil {
			failed = append(failed, g)
			continue
		}
		if members[userID] {
			return true, nil
		}
	}
	return false, failed
}

// scopeDenial applies BOOST_SCOPES: the user's own entry and those of the
// groups they belong to. A group whose membership cannot be read counts
// only when no other entry allows the namespace (fail closed).
func (a *Authorizer) scopeDenial(ctx context.Context, userID, namespace string) *Denial {
	keys := []string{userID}
	var failed []string
	for _, g := range a.scopes.GroupIDs() {
		members, err := a.members(ctx, g)
		if err != nil {
			failed = append(failed, g)
			continue
		}
		if members[userID] {
			keys = append(keys, g)
		}
	}
	if a.scopes.Allows(keys, namespace) {
		return nil
	}
	if len(failed) > 0 {
		return groupCheckFailed(failed, capacity.ScopesSetting)
	}
	globs := a.scopes.Globs(keys)
	if len(globs) == 0 {
		return &Denial{Words: "you may not change capacity in any namespace; ask a workspace admin to give you or your team a scope",
			Settings: capacity.ScopesSetting + " (no entry for the user or their groups)"}
	}
	return &Denial{Words: fmt.Sprintf("you may change capacity only in namespaces matching %s, and %s is not one of them",
		strings.Join(globs, ", "), namespace),
		Settings: fmt.Sprintf("%s (entries for %s)", capacity.ScopesSetting, strings.Join(keys, ", "))}
}

// members returns a group's members: from the cache while fresh, otherwise
// from Slack; when Slack fails, a cached answer at most staleGrace past its
// TTL is used rather than locking everyone out, and with none the error is
// returned (fail closed).
func (a *Authorizer) members(ctx context.Context, group string) (map[string]bool, error) {
	now := a.now()
	a.mu.Lock()
	e, cached := a.cache[group]
	a.mu.Unlock()
	if cached && a.ttl > 0 && now.Sub(e.fetched) < a.ttl {
		return e.members, nil
	}
	usable := cached && now.Sub(e.fetched) < a.ttl+staleGrace
	if a.lookup == nil {
		if usable {
			return e.members, nil
		}
		return nil, fmt.Errorf("no group lookup configured for %s", group)
	}
	list, err := a.lookup.GroupMembers(ctx, group)
	if err != nil {
		if usable {
			return e.members, nil
		}
		return nil, fmt.Errorf("listing members of %s: %w", group, err)
	}
	m := make(map[string]bool, len(list))
	for _, u := range list {
		m[u] = true
	}
	a.mu.Lock()
	a.cache[group] = groupEntry{members: m, fetched: now}
	a.mu.Unlock()
	return m, nil
}
