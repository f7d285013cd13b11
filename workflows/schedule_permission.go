package workflows

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap"
)

// Permissions decides whether a Slack user may change a namespace's capacity
// now (BOOST_SCOPES narrows who may change which namespace). A
// recurring boost runs under its creator's ID long after it was created, so
// each run asks again: someone removed from SLACK_BOOST_USERS or
// SLACK_BOOST_GROUPS stops boosting through their old schedules. Declared
// here, by its consumer; *bot.Authorizer satisfies it.
type Permissions interface {
	CanChange(ctx context.Context, userID, namespace string) (bool, string)
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

// CheckRequester asks Permissions whether userID may still change the
// namespace's capacity. With no Permissions configured (tests, a deployment
// without a chat side) everyone is allowed, as before the check existed. A
// task scheduled by a binary that passed no namespace decodes it as "",
// which asks whether the user may change any namespace.
func (a *Activities) CheckRequester(ctx context.Context, userID, namespace string) (RequesterCheck, error) {
	if a.Permissions == nil {
		return RequesterCheck{Allowed: true}, nil
	}
	ok, reason := a.Permissions.CanChange(ctx, userID, namespace)
	if !ok {
		a.boostLogger().Warn("scheduled boost requester no longer allowed",
			zap.String("requester", userID), zap.String("namespace", namespace), zap.String("reason", reason))
	}
	return RequesterCheck{Allowed: ok, Reason: reason}, nil
}

// checkRequesterOptions bound the check like a chat call: it may ask Slack
// for a group's members.
func checkRequesterOptions() workflow.ActivityOptions { return chatCallOptions(30 * time.Second) }

// personCheck is a person a scheduled run checks before it boosts: the
// activity that asks, and the words of the refusal.
type personCheck struct {
	activity string
	options  workflow.ActivityOptions
	userID   string
	args     []any  // the activity's input
	who      string // "requester", "approver", for the log
	role     string // "created", "approved"
	cannot   string // what the person may no longer do
	fix      string // what to do about it
	title    string // the alert's title
}

// requesterAllowed runs CheckRequester for the schedule's creator and
// namespace (the activity's input only: replay is unchanged). When the
// creator is refused, or the check itself cannot run, it alerts once and
// returns the refusal text: the run must not boost (fail closed).
func requesterAllowed(ctx workflow.Context, sb ScheduledBoost) (bool, string) {
	return personAllowed(ctx, sb, personCheck{activity: ActivityCheckRequester, options: checkRequesterOptions(), userID: sb.Requester,
		args: []any{sb.Requester, sb.Namespace},
		who:  "requester", role: "created", cannot: "change capacity",
		fix:   "or ask a workspace admin to add the person to the bot's boost users or groups again",
		title: "Scheduled boost refused: its creator is not allowed"})
}

// approverAllowed is requesterAllowed for a schedule approved when it was
// created: it asks whether its approver may still approve (CheckApprover),
// since the creator may never have been allowed to boost on their own.
func approverAllowed(ctx workflow.Context, sb ScheduledBoost) (bool, string) {
	return personAllowed(ctx, sb, personCheck{activity: ActivityCheckApprover, options: checkApproverOptions(), userID: sb.Approver,
		args: []any{sb.Approver},
		who:  "approver", role: "approved", cannot: "approve boosts",
		fix:   "and create it again for a current approver to approve",
		title: "Scheduled boost refused: its approver may no longer approve"})
}

func personAllowed(ctx workflow.Context, sb ScheduledBoost, p personCheck) (bool, string) {
	var chk RequesterCheck
	err := workflow.ExecuteActivity(workflow.WithActivityOptions(ctx, p.options), p.activity, p.args...).Get(ctx, &chk)
	var text string
	switch {
	case err != nil:
		workflow.GetLogger(ctx).Error("checking the scheduled boost's "+p.who+" failed", "namespace", sb.Namespace, "user", p.userID, "error", err)
		text = fmt.Sprintf("The permission of %s, who %s the schedule %s, could not be checked (%s), so this run changed nothing.",
			requesterName(p.userID), p.role, ScheduleBoostID(sb), analysisErrorText(err))
	case !chk.Allowed:
		text = fmt.Sprintf("The schedule %s was %s by %s, who may no longer %s (%s), so this run changed nothing. "+
			"Delete the schedule (/capacity schedule delete %s) %s.",
			ScheduleBoostID(sb), p.role, requesterName(p.userID), p.cannot, chk.Reason, ScheduleBoostID(sb), p.fix)
	default:
		return true, ""
	}
	scheduledAlert(ctx, sb, p.title, text)
	return false, text
}

func requesterName(userID string) string {
	if userID == "" {
		return "an unknown user"
	}
	return "user " + userID
}
