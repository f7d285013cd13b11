package workflows

import (
	"context"
	"time"

	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"
)

// ActivityCheckApprover is the registered name of CheckApprover.
const ActivityCheckApprover = "CheckApprover"

// Approvers decides whether a Slack user may approve or deny boosts now
// (SLACK_APPROVER_USERS, SLACK_APPROVER_GROUPS). Declared here, by its
// consumer; *bot.Authorizer satisfies it.
type Approvers interface {
	CanApprove(ctx context.Context, userID string) (bool, string)
}

// CheckApprover asks Approvers whether userID may approve at the time of the
// click. The approve and deny update handlers run it, so the answer is the
// list as it is then (someone removed since the request was posted is
// refused) and is recorded in history for replays. With no Approvers
// configured nobody may approve (fail closed). The answer has the shape of
// CheckRequester's.
func (a *Activities) CheckApprover(ctx context.Context, userID string) (RequesterCheck, error) {
	if a.Approvers == nil {
		return RequesterCheck{Reason: "nobody may approve boosts here"}, nil
	}
	ok, reason := a.Approvers.CanApprove(ctx, userID)
	if !ok {
		a.boostLogger().Info("approval refused: not an approver", zap.String("user", userID), zap.String("reason", reason))
	}
	return RequesterCheck{Allowed: ok, Reason: reason}, nil
}

// checkApproverOptions bound the check like a chat call: it may ask Slack
// for a group's members, while the person who clicked waits.
func checkApproverOptions() workflow.ActivityOptions { return chatCallOptions(30 * time.Second) }
