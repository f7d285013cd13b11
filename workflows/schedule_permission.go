package workflows

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"
)

// Permissions decides whether a Slack user may change capacity now. A
// recurring boost runs under its creator's ID long after it was created, so
// each run asks again: someone removed from SLACK_BOOST_USERS or
// SLACK_BOOST_GROUPS stops boosting through their old schedules. Declared
// here, by its consumer; *bot.Authorizer satisfies it.
type Permissions interface {
	CanChange(ctx context.Context, userID string) (bool, string)
}

// RequesterCheck is the answer of CheckRequester, recorded in the run's
// history so a replay decides the same.
type RequesterCheck struct {
	Allowed bool   `json:"allowed"`
	Reason  string `json:"reason,omitempty"`
}

// checkRequesterVersion marks the runs that check their requester, so runs
// started by an older binary (no check in their history) still replay.
const checkRequesterVersion = "scheduled-boost-check-requester"

// CheckRequester asks Permissions whether userID may still change capacity.
// With no Permissions configured (tests, a deployment without a chat side)
// everyone is allowed, as before the check existed.
func (a *Activities) CheckRequester(ctx context.Context, userID string) (RequesterCheck, error) {
	if a.Permissions == nil {
		return RequesterCheck{Allowed: true}, nil
	}
	ok, reason := a.Permissions.CanChange(ctx, userID)
	if !ok {
		a.boostLogger().Warn("scheduled boost requester no longer allowed",
			zap.String("requester", userID), zap.String("reason", reason))
	}
	return RequesterCheck{Allowed: ok, Reason: reason}, nil
}

// checkRequesterOptions bound the check like a chat call: it may ask Slack
// for a group's members.
func checkRequesterOptions() workflow.ActivityOptions { return chatCallOptions(30 * time.Second) }

// requesterAllowed runs CheckRequester for the schedule's creator. When the
// creator is refused, or the check itself cannot run, it alerts once and
// returns the refusal text: the run must not boost (fail closed).
func requesterAllowed(ctx workflow.Context, sb ScheduledBoost) (bool, string) {
	var chk RequesterCheck
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, checkRequesterOptions()), ActivityCheckRequester, sb.Requester).Get(ctx, &chk)
	var text string
	switch {
	case err != nil:
		workflow.GetLogger(ctx).Error("checking the scheduled boost's requester failed", "namespace", sb.Namespace, "requester", sb.Requester, "error", err)
		text = fmt.Sprintf("The permission of %s, who created the schedule %s, could not be checked (%s), so this run changed nothing.",
			requesterName(sb.Requester), ScheduleBoostID(sb), analysisErrorText(err))
	case !chk.Allowed:
		text = fmt.Sprintf("The schedule %s was created by %s, who may no longer change capacity (%s), so this run changed nothing. "+
			"Delete the schedule (/capacity schedule delete %s) or ask a workspace admin to add the person to the bot's boost users or groups again.",
			ScheduleBoostID(sb), requesterName(sb.Requester), chk.Reason, ScheduleBoostID(sb))
	default:
		return true, ""
	}
	scheduledAlert(ctx, sb, "Scheduled boost refused: its creator is not allowed", text)
	return false, text
}

// approverAllowed is requesterAllowed for a schedule approved when it was
// created: it asks whether its approver may still approve (CheckApprover),
// since the creator may never have been allowed to boost on their own.
func approverAllowed(ctx workflow.Context, sb ScheduledBoost) (bool, string) {
	var chk RequesterCheck
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, checkApproverOptions()), ActivityCheckApprover, sb.Approver).Get(ctx, &chk)
	var text string
	switch {
	case err != nil:
		workflow.GetLogger(ctx).Error("checking the scheduled boost's approver failed", "namespace", sb.Namespace, "approver", sb.Approver, "error", err)
		text = fmt.Sprintf("The permission of %s, who approved the schedule %s, could not be checked (%s), so this run changed nothing.",
			requesterName(sb.Approver), ScheduleBoostID(sb), analysisErrorText(err))
	case !chk.Allowed:
		text = fmt.Sprintf("The schedule %s was approved by %s, who may no longer approve boosts (%s), so this run changed nothing. "+
			"Delete the schedule (/capacity schedule delete %s) and create it again for a current approver to approve.",
			ScheduleBoostID(sb), requesterName(sb.Approver), chk.Reason, ScheduleBoostID(sb))
	default:
		return true, ""
	}
	scheduledAlert(ctx, sb, "Scheduled boost refused: its approver may no longer approve", text)
	return false, text
}

func requesterName(userID string) string {
	if userID == "" {
		return "an unknown user"
	}
	return "user " + userID
}
