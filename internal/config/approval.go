package config

import (
	"strings"
	"time"
)

// maxApprovalTimeout bounds APPROVAL_TIMEOUT: a request nobody answers within
// a day is stale, and the capacity it was checked against has moved on.
const maxApprovalTimeout = 24 * time.Hour

// approverSettings names the settings that list approvers, for the start-up
// error when approvals are asked for without anyone to give them.
const approverSettings = "SLACK_APPROVER_USERS/SLACK_APPROVER_GROUPS"

// ApprovalsEnabled reports whether some boosts need a second person's
// approval: a size or length above which they do, or boost requests from
// users who may not boost themselves.
func (c Config) ApprovalsEnabled() bool {
	return c.ApprovalAboveTRUs > 0 || c.ApprovalLongerThan > 0 || c.AllowBoostRequests
}

func (c Config) validateApproval(bad func(name, format string, args ...any)) {
	if c.ApprovalAboveTRUs < 0 {
		bad("APPROVAL_ABOVE_TRUS", "must be 0 (no approval by size) or a TRU count, got %v", c.ApprovalAboveTRUs)
	}
	if c.ApprovalLongerThan < 0 {
		bad("APPROVAL_LONGER_THAN", "must be 0 (no approval by length) or a duration such as 8h, got %s", c.ApprovalLongerThan)
	}
	if !c.ApprovalsEnabled() {
		return
	}
	if c.ApprovalTimeout <= 0 || c.ApprovalTimeout > maxApprovalTimeout {
		bad("APPROVAL_TIMEOUT", "must be above 0 and at most %s, got %s", maxApprovalTimeout, c.ApprovalTimeout)
	}
	if len(nonEmpty(c.SlackApproverUsers)) == 0 && len(nonEmpty(c.SlackApproverGroups)) == 0 {
		bad(approverSettings, "approvals are asked for (APPROVAL_ABOVE_TRUS, APPROVAL_LONGER_THAN or ALLOW_BOOST_REQUESTS) but nobody may give them: set at least one approver user or group")
	}
}

// nonEmpty drops blank entries of a list setting ("U1,,U2", or " ").
func nonEmpty(list []string) []string {
	var out []string
	for _, s := range list {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
