package check_test

import (
	"testing"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/internal/check"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
)

func TestSlackCheck(t *testing.T) {
	all := slackbot.ScopeNames()
	without := func(drop string) []string {
		var out []string
		for _, s := range all {
			if s != drop {
				out = append(out, s)
			}
		}
		return out
	}
	member := fakeslack.Channel{ID: "CALERT", Name: "capacity-alerts", Member: true}
	okAuth := want{status: check.StatusOK, saw: []string{"workspace fake (TFAKE)", "@capacity-bot (UBOT)"}}
	okScopes := want{status: check.StatusOK, saw: []string{"exactly the"}}
	okOpen := want{status: check.StatusOK, saw: []string{"apps.connections.open accepts", "not dialed"}}
	okChannel := want{status: check.StatusOK, saw: []string{"#capacity-alerts (CALERT) exists and the bot is a member"}}
	okGroup := want{status: check.StatusOK, saw: []string{"SBOOST resolves: 2 members"}}
	tests := []struct {
		name     string
		disabled bool
		scopes   []string
		channel  *fakeslack.Channel
		groups   map[string][]string
		fail     map[string]string // method → Slack error code of its next call
		want     []want
	}{
		{name: "not configured", disabled: true, want: []want{{status: check.StatusOff, saw: []string{"not configured", "SLACK_BOT_TOKEN"}}}},
		{name: "all good", want: []want{okAuth, okScopes, okOpen, okChannel, okGroup}},
		{name: "bot token refused", fail: map[string]string{"auth.test": "invalid_auth"}, want: []want{
			{status: check.StatusFail, saw: []string{"auth.test failed", "invalid_auth"}, fix: []string{"SLACK_BOT_TOKEN", "Bot User OAuth Token"}},
		}},
		{name: "missing scope", scopes: without("channels:read"), want: []want{okAuth,
			{status: check.StatusFail, saw: []string{"lacks scope channels:read"}, fix: []string{"add channels:read", "manifest.yaml", "reinstall"}},
			okOpen, okChannel, okGroup}},
		{name: "extra scope", scopes: append(append([]string(nil), all...), "admin"), want: []want{okAuth,
			{status: check.StatusWarn, saw: []string{"extra scope admin"}, fix: []string{"remove admin"}},
			okOpen, okChannel, okGroup}},
		{name: "app token refused", fail: map[string]string{"apps.connections.open": "invalid_auth"}, want: []want{okAuth, okScopes,
			{status: check.StatusFail, saw: []string{"apps.connections.open failed", "invalid_auth"}, fix: []string{"SLACK_APP_TOKEN", "connections:write"}},
			okChannel, okGroup}},
		{name: "alert channel unknown", channel: &fakeslack.Channel{ID: "COTHER", Name: "other"}, want: []want{okAuth, okScopes, okOpen,
			{status: check.StatusFail, saw: []string{"CALERT", "channel_not_found"}, fix: []string{"SLACK_ALERT_CHANNEL", "invite the bot"}},
			okGroup}},
		{name: "private alert channel without the bot", channel: &fakeslack.Channel{ID: "CALERT", Name: "secret", Private: true},
			want: []want{okAuth, okScopes, okOpen,
				{status: check.StatusFail, saw: []string{"channel_not_found"}, fix: []string{"invite the bot"}},
				okGroup}},
		{name: "public alert channel without the bot", channel: &fakeslack.Channel{ID: "CALERT", Name: "alerts"},
			want: []want{okAuth, okScopes, okOpen,
				{status: check.StatusOK, saw: []string{"not a member but may post", "chat:write.public"}},
				okGroup}},
		{name: "archived alert channel", channel: &fakeslack.Channel{ID: "CALERT", Name: "old", Member: true, Archived: true},
			want: []want{okAuth, okScopes, okOpen,
				{status: check.StatusFail, saw: []string{"#old (CALERT) is archived"}, fix: []string{"unarchive"}},
				okGroup}},
		{name: "read scope missing for conversations.info", fail: map[string]string{"conversations.info": "missing_scope"},
			want: []want{okAuth, okScopes, okOpen,
				{status: check.StatusFail, saw: []string{"needs a read scope"}, fix: []string{"channels:read and groups:read"}},
				okGroup}},
		{name: "boost group unknown", groups: map[string][]string{}, want: []want{okAuth, okScopes, okOpen, okChannel,
			{status: check.StatusFail, saw: []string{"SBOOST does not resolve", "no_such_subteam"}, fix: []string{"SLACK_BOOST_GROUPS"}}}},
		{name: "boost groups need a paid plan", fail: map[string]string{"usergroups.users.list": "plan_upgrade_required"},
			want: []want{okAuth, okScopes, okOpen, okChannel,
				{status: check.StatusFail, saw: []string{"plan_upgrade_required"}, fix: []string{"SLACK_BOOST_USERS"}}}},
		{name: "boost group empty", groups: map[string][]string{"SBOOST": nil}, want: []want{okAuth, okScopes, okOpen, okChannel,
			{status: check.StatusWarn, saw: []string{"no active member"}, fix: []string{"SLACK_BOOST_USERS"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := fakeslack.New(t)
			scopes := all
			if tt.scopes != nil {
				scopes = tt.scopes
			}
			fs.SetScopes(scopes...)
			ch := member
			if tt.channel != nil {
				ch = *tt.channel
			}
			fs.AddChannel(ch)
			groups := map[string][]string{"SBOOST": {"U1", "U2"}}
			if tt.groups != nil {
				groups = tt.groups
			}
			for g, users := range groups {
				fs.SetGroupMembers(g, users...)
			}
			for method, code := range tt.fail {
				fs.FailNext(method, 1, code)
			}
			got := run(check.SlackCheck(check.SlackOptions{
				API:     slackbot.NewProbe("xoxb-test", "xapp-test", fs.APIURL()),
				Enabled: !tt.disabled, AlertChannel: "CALERT", Groups: []string{"SBOOST"}, WantScopes: all,
			}))
			assertResults(t, got, tt.want)
			if n := len(fs.CallsTo("chat.postMessage")); n != 0 {
				t.Errorf("the check posted %d messages, want none", n)
			}
		})
	}
}
