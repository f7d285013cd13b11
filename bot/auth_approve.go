package bot

import (
	"context"
	"fmt"
	"strings"
)

// approverSettings names the settings that decide who may approve.
const approverSettings = "SLACK_APPROVER_USERS, SLACK_APPROVER_GROUPS"

// WithApprovers sets who may approve or deny a boost that waits for
// approval (SLACK_APPROVER_USERS, SLACK_APPROVER_GROUPS; on the console,
// user names). Call it once, before the Authorizer is shared; it returns a
// for chaining.
func (a *Authorizer) WithApprovers(users, groups []string) *Authorizer {
	a.approvers = map[string]bool{}
	for _, u := range users {
		if u = strings.TrimSpace(u); u != "" {
			a.approvers[u] = true
		}
	}
	a.approverGroups = nil
	for _, g := range groups {
		if g = strings.TrimSpace(g); g != "" {
			a.approverGroups = append(a.approverGroups, g)
		}
	}
	return a
}

// CanApprove reports whether the user may approve or deny boosts now, and
// why not (ApproveDenial's words). The boost workflow asks it through its
// CheckApprover activity at the time of each Approve or Deny (command or
// button), so it is the one check of an approver: someone removed from the
// list after the card was posted is refused. It satisfies
// workflows.Approvers.
func (a *Authorizer) CanApprove(ctx context.Context, userID string) (bool, string) {
	if d := a.ApproveDenial(ctx, userID); d != nil {
		return false, d.Words
	}
	return true, ""
}

// ApproveDenial is why the user may not approve or deny boosts; nil when
// they may. Group membership is cached like the boost groups'.
func (a *Authorizer) ApproveDenial(ctx context.Context, userID string) *Denial {
	if userID == "" {
		return &Denial{Words: "the request carries no user, so it cannot be authorized"}
	}
	if a.approvers[userID] {
		return nil
	}
	in, failed := a.inGroups(ctx, userID, a.approverGroups)
	switch {
	case in:
		return nil
	case len(failed) > 0:
		return &Denial{Words: fmt.Sprintf("the membership of user group %s could not be checked with Slack just now; try again in a minute", strings.Join(failed, ", ")),
			Settings: "SLACK_APPROVER_GROUPS"}
	}
	return &Denial{Words: "you are not one of the bot's approvers; ask one of them, or a workspace admin",
		Settings: fmt.Sprintf("%s (groups: %s)", approverSettings, strings.Join(a.approverGroups, ", "))}
}
