package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestChannelAllowed(t *testing.T) {
	tests := []struct {
		allowed []string
		channel string
		want    bool
	}{
		{nil, "C1", true},
		{[]string{"C1", "C2"}, "C1", true},
		{[]string{"C1", "C2"}, "C3", false},
		{[]string{"C1"}, "", false},
		{[]string{" C1 "}, "C1", true},
	}
	for _, tt := range tests {
		a := NewAuthorizer(nil, nil, tt.allowed, nil, time.Minute, nil)
		got, why := a.ChannelAllowed(tt.channel)
		if got != tt.want {
			t.Errorf("allowed %v, channel %q: got %v, want %v", tt.allowed, tt.channel, got, tt.want)
		}
		if !got && !strings.Contains(why, "channels a workspace admin chose") {
			t.Errorf("refusal %q does not say why", why)
		}
		if d := a.ChannelDenial(tt.channel); !got && (d == nil || d.Settings != "SLACK_ALLOWED_CHANNELS") {
			t.Errorf("denial %+v does not name the setting for the log", d)
		}
	}
}

func TestCanChange(t *testing.T) {
	groups := &fakeGroups{members: map[string][]string{"S1": {"U2"}, "S2": {"U3"}}}
	tests := []struct {
		name   string
		users  []string
		groups []string
		lookup GroupLookup
		user   string
		want   bool
		why    string
		logged string // in the denial's Settings, for the log
	}{
		{"deny by default", nil, nil, groups, "U1", false, "nobody is allowed", "both empty"},
		{"listed user", []string{"U1"}, nil, groups, "U1", true, "", ""},
		{"unlisted user, no groups", []string{"U1"}, nil, groups, "U9", false, "ask a workspace admin to add you", "SLACK_BOOST_USERS"},
		{"group member", nil, []string{"S1"}, groups, "U2", true, "", ""},
		{"second group member", []string{"U1"}, []string{"S1", "S2"}, groups, "U3", true, "", ""},
		{"not a member", []string{"U1"}, []string{"S1"}, groups, "U9", false, "may not change capacity", "SLACK_BOOST_GROUPS (groups: S1)"},
		{"empty user", []string{"U1"}, nil, groups, "", false, "no user", ""},
		{"groups without lookup", nil, []string{"S1"}, nil, "U2", false, "could not be checked", "SLACK_BOOST_GROUPS"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAuthorizer(tt.users, tt.groups, nil, tt.lookup, time.Minute, nil)
			got, why := a.CanChange(context.Background(), tt.user, "")
			if got != tt.want {
				t.Fatalf("got %v (%s), want %v", got, why, tt.want)
			}
			if !strings.Contains(why, tt.why) {
				t.Fatalf("why %q does not contain %q", why, tt.why)
			}
			if d := a.ChangeDenial(context.Background(), tt.user, ""); !got && !strings.Contains(d.Settings, tt.logged) {
				t.Fatalf("settings %q do not contain %q", d.Settings, tt.logged)
			}
		})
	}
}

func TestCanChangeCachesGroupsForTTL(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	groups := &fakeGroups{members: map[string][]string{"S1": {"U2"}}}
	a := NewAuthorizer(nil, []string{"S1"}, nil, groups, 5*time.Minute, clock)
	ctx := context.Background()

	for range 3 {
		if ok, why := a.CanChange(ctx, "U2", ""); !ok {
			t.Fatalf("member refused: %s", why)
		}
	}
	if groups.calls != 1 {
		t.Fatalf("lookups = %d, want 1 within the TTL", groups.calls)
	}

	// Membership changes in Slack; the cache hides it until the TTL passes.
	groups.members["S1"] = []string{"U3"}
	if ok, _ := a.CanChange(ctx, "U2", ""); !ok {
		t.Fatal("cached membership should still allow U2")
	}
	now = now.Add(6 * time.Minute)
	if ok, _ := a.CanChange(ctx, "U2", ""); ok {
		t.Fatal("U2 still allowed after the TTL, though removed from the group")
	}
	if ok, why := a.CanChange(ctx, "U3", ""); !ok {
		t.Fatalf("new member refused: %s", why)
	}
	if groups.calls != 2 {
		t.Fatalf("lookups = %d, want 2", groups.calls)
	}
}

func TestCanChangeLookupErrors(t *testing.T) {
	now := time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	ctx := context.Background()

	t.Run("fails closed without a cached answer", func(t *testing.T) {
		groups := &fakeGroups{err: errors.New("ratelimited")}
		a := NewAuthorizer(nil, []string{"S1"}, nil, groups, time.Minute, clock)
		ok, why := a.CanChange(ctx, "U2", "")
		if ok || !strings.Contains(why, "could not be checked") || !strings.Contains(why, "S1") {
			t.Fatalf("got %v, %q; want a refusal naming the group", ok, why)
		}
	})

	t.Run("uses the stale cached answer within the grace", func(t *testing.T) {
		groups := &fakeGroups{members: map[string][]string{"S1": {"U2"}}}
		a := NewAuthorizer(nil, []string{"S1"}, nil, groups, time.Minute, clock)
		if ok, _ := a.CanChange(ctx, "U2", ""); !ok {
			t.Fatal("member refused")
		}
		groups.err = errors.New("slack down")
		now = now.Add(10 * time.Minute)
		if ok, why := a.CanChange(ctx, "U2", ""); !ok {
			t.Fatalf("stale cache not used: %s", why)
		}
		if ok, _ := a.CanChange(ctx, "U9", ""); ok {
			t.Fatal("non-member allowed from the stale cache")
		}
		now = now.Add(2 * time.Hour)
		if ok, _ := a.CanChange(ctx, "U2", ""); ok {
			t.Fatal("a cache hours past its TTL was trusted")
		}
	})
}
