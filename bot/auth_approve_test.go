package bot

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestCanApprove(t *testing.T) {
	groups := &fakeGroups{members: map[string][]string{"S1": {"U2"}}}
	tests := []struct {
		name   string
		users  []string
		groups []string
		lookup GroupLookup
		user   string
		want   bool
		why    string
	}{
		{"nobody configured", nil, nil, groups, "U1", false, "not one of the bot's approvers"},
		{"listed approver", []string{"U1"}, nil, groups, "U1", true, ""},
		{"a booster is no approver", nil, nil, groups, "U9", false, "not one of the bot's approvers"},
		{"approver group member", nil, []string{"S1"}, groups, "U2", true, ""},
		{"not a member", []string{"U1"}, []string{"S1"}, groups, "U3", false, "not one of the bot's approvers"},
		{"group unreadable", nil, []string{"S1"}, nil, "U2", false, "could not be checked"},
		{"empty user", []string{"U1"}, nil, groups, "", false, "no user"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := NewAuthorizer([]string{"U9"}, nil, nil, tt.lookup, time.Minute, nil).WithApprovers(tt.users, tt.groups)
			got, why := a.CanApprove(context.Background(), tt.user)
			if got != tt.want || !strings.Contains(why, tt.why) {
				t.Errorf("CanApprove(%q) = %v, %q; want %v, %q", tt.user, got, why, tt.want, tt.why)
			}
			assertNoSettingNames(t, why)
		})
	}
}
