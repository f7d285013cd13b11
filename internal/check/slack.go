package check

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// Slack is the Slack Web API as the check uses it. No call posts anything or
// opens a socket.
type Slack interface {
	// AuthTest is auth.test with the bot token, and the scopes Slack
	// granted it (the x-oauth-scopes response header).
	AuthTest(ctx context.Context) (SlackAuth, error)
	// OpenConnection is apps.connections.open with the app-level token; the
	// URL it returns is not dialed: a live connection would receive (and
	// not ack) real envelopes and take one of the app's connections.
	OpenConnection(ctx context.Context) error
	// ChannelInfo is conversations.info.
	ChannelInfo(ctx context.Context, channelID string) (SlackChannel, error)
	// GroupMembers is usergroups.users.list.
	GroupMembers(ctx context.Context, groupID string) ([]string, error)
}

// SlackAuth is what auth.test says about the bot token.
type SlackAuth struct {
	Team, TeamID, User, UserID string
	// Scopes are the granted bot scopes; ScopesKnown is false when Slack
	// sent no x-oauth-scopes header.
	Scopes      []string
	ScopesKnown bool
}

// SlackChannel is what conversations.info says about a channel.
type SlackChannel struct {
	ID, Name                  string
	Private, Member, Archived bool
}

// SlackOptions say which Slack app is checked.
type SlackOptions struct {
	API Slack
	// Enabled is false in console mode: one neutral line then.
	Enabled      bool
	AlertChannel string
	// Groups are the boost and approver user groups, each to resolve.
	Groups []string
	// WantScopes are the bot scopes the code needs (manifest.yaml).
	WantScopes []string
}

// The fixes of the Slack checks.
const (
	fixBotToken = "SLACK_BOT_TOKEN is not accepted: install the app to the workspace and copy its Bot User OAuth Token (xoxb-…) from OAuth & Permissions"
	fixAppToken = "SLACK_APP_TOKEN is not accepted: turn Socket Mode on and create an app-level token with connections:write (Basic Information → App-Level Tokens)"
)

// SlackCheck checks the bot token (auth.test and its scopes against the
// manifest), the app-level token (apps.connections.open, not dialed), the
// alert channel (conversations.info: it exists and the bot may post, found
// out without posting) and every boost user group.
func SlackCheck(o SlackOptions) Check {
	return Check{Part: "Slack", Run: func(ctx context.Context) []Result {
		if !o.Enabled {
			return []Result{off("not configured: the console is used (set SLACK_BOT_TOKEN and SLACK_APP_TOKEN for Slack)")}
		}
		auth, err := o.API.AuthTest(ctx)
		if err != nil {
			return []Result{fail(slackFix(err, fixBotToken), "auth.test failed: %v", err)}
		}
		out := []Result{
			ok("auth.test: workspace %s (%s), bot user @%s (%s)", auth.Team, auth.TeamID, auth.User, auth.UserID),
			scopesResult(auth, o.WantScopes),
		}
		if err := o.API.OpenConnection(ctx); err != nil {
			out = append(out, fail(slackFix(err, fixAppToken), "apps.connections.open failed: %v", err))
		} else {
			out = append(out, ok("apps.connections.open accepts the app-level token (the socket was not dialed)"))
		}
		out = append(out, channelResult(ctx, o.API, o.AlertChannel))
		for _, g := range o.Groups {
			out = append(out, groupResult(ctx, o.API, g))
		}
		return out
	}}
}

// slackCode is Slack's error code ("invalid_auth"), "" for other errors.
func slackCode(err error) string {
	var se slack.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}

// slackFix picks the fix for a failed call from Slack's error code.
func slackFix(err error, tokenFix string) string {
	var rl *slack.RateLimitedError
	switch {
	case errors.As(err, &rl):
		return "wait " + rl.RetryAfter.String() + ": Slack rate-limited the call"
	case slackCode(err) == "":
		return "check SLACK_API_URL (unset for Slack itself) and that this machine reaches Slack"
	}
	return tokenFix
}

func scopesResult(auth SlackAuth, want []string) Result {
	if !auth.ScopesKnown {
		return warn("nothing to set; compare the app's scopes with manifest.yaml by hand",
			"Slack did not say which scopes the bot token has (no x-oauth-scopes header)")
	}
	have := map[string]bool{}
	for _, s := range auth.Scopes {
		have[s] = true
	}
	need := map[string]bool{}
	var missing, extra []string
	for _, s := range want {
		need[s] = true
		if !have[s] {
			missing = append(missing, s)
		}
	}
	for _, s := range auth.Scopes {
		if !need[s] {
			extra = append(extra, s)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	switch {
	case len(missing) > 0:
		r := fail("add "+strings.Join(missing, ", ")+" to the app's bot scopes (manifest.yaml lists them all), reinstall the app and set the new SLACK_BOT_TOKEN",
			"bot token lacks %s %s", humanize.Plural(len(missing), "scope", "scopes"), strings.Join(missing, ", "))
		if len(extra) > 0 {
			r.Saw += "; has extra " + strings.Join(extra, ", ")
		}
		return r
	case len(extra) > 0:
		return warn("remove "+strings.Join(extra, ", ")+" from the app's bot scopes and reinstall: the bot does not use them",
			"bot token has every scope manifest.yaml asks for, and extra %s %s", humanize.Plural(len(extra), "scope", "scopes"), strings.Join(extra, ", "))
	}
	return ok("bot token has exactly the %d scopes manifest.yaml asks for", len(want))
}

// channelResult finds out, without posting, whether the bot can post to
// the alert channel: a public channel takes posts from any bot with
// chat:write.public; a private one only from members (and a private channel
// the bot is not in looks like no channel at all).
func channelResult(ctx context.Context, api Slack, id string) Result {
	ch, err := api.ChannelInfo(ctx, id)
	if err != nil {
		switch slackCode(err) {
		case "channel_not_found":
			return fail("set SLACK_ALERT_CHANNEL to the channel's ID (C…, from the channel's details); for a private channel, invite the bot first (/invite @Capacity Bot)",
				"alert channel %s: conversations.info says channel_not_found", id)
		case "missing_scope":
			return fail("add channels:read and groups:read to the app's bot scopes (manifest.yaml), reinstall the app and set the new SLACK_BOT_TOKEN",
				"alert channel %s: conversations.info needs a read scope the token lacks", id)
		}
		return fail(slackFix(err, fixBotToken), "alert channel %s: conversations.info failed: %v", id, err)
	}
	name := fmt.Sprintf("#%s (%s)", ch.Name, ch.ID)
	switch {
	case ch.Archived:
		return fail("unarchive the channel or set SLACK_ALERT_CHANNEL to another one", "alert channel %s is archived: posts to it fail", name)
	case ch.Member:
		return ok("alert channel %s exists and the bot is a member", name)
	case ch.Private:
		return fail("invite the bot to the channel (/invite @Capacity Bot)", "alert channel %s is private and the bot is not a member", name)
	}
	return ok("alert channel %s exists; the bot is not a member but may post there (public channel, chat:write.public)", name)
}

func groupResult(ctx context.Context, api Slack, id string) Result {
	members, err := api.GroupMembers(ctx, id)
	if err != nil {
		fix := "set SLACK_BOOST_GROUPS to user group IDs (S…) of this workspace"
		if slackCode(err) == "plan_upgrade_required" {
			fix = "user groups need a paid Slack plan: list people in SLACK_BOOST_USERS instead"
		}
		return fail(fix, "boost user group %s does not resolve: %v", id, err)
	}
	if len(members) == 0 {
		return warn("add people to the group, or list them in SLACK_BOOST_USERS", "boost user group %s resolves but has no active member", id)
	}
	return ok("boost user group %s resolves: %d %s", id, len(members), humanize.Plural(len(members), "member", "members"))
}
