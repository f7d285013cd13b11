package slackbot

import (
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// pendingApproval is U123's request for a 10-TRU boost, over a 6-TRU rule,
// posted at t0 and expiring an hour later.
func pendingApproval() *workflows.Approval {
	return &workflows.Approval{Why: "more than 6 TRUs", Requester: "U123", Requested: t0, Expires: t0.Add(time.Hour),
		MinActionsPerHour: capacity.MinActionsPerHour(10)}
}

// approvalText is what the workflow says when it asks for approval.
const approvalText = "Boost of orders-prod.a1b2c to 10 TRUs needs approval (more than 6 TRUs): it would set orders-prod.a1b2c from on-demand to 10 TRUs until 20:00 UTC, then back to on-demand; floor 3,240,000 actions/h. " +
	"One approver is enough; <@U123> cannot approve their own request. Without an answer by 19:00 UTC it expires and nothing is changed."

// awaitingApprovalStatus is a 10-TRU boost waiting for an approver.
func awaitingApprovalStatus() workflows.BoostStatus {
	st := boostStatus(workflows.PhaseAwaitingApproval)
	st.Request.TRUs, st.Target, st.Observed = 10, clients.Provisioned(10), clients.OnDemand()
	st.MinActionsPerHour, st.StartedAt, st.Verified = capacity.MinActionsPerHour(10), time.Time{}, false
	st.Approval, st.Message = pendingApproval(), approvalText
	return st
}

// approvalAnswered is the request answered d by U456 (with a note), or
// expired when by is empty.
func approvalAnswered(d workflows.ApprovalDecision, by, note string, at time.Duration) *workflows.Approval {
	a := pendingApproval()
	a.Decision, a.DecidedBy, a.Note, a.DecidedAt = d, by, note, t0.Add(at)
	return a
}

// approvedStatus is the boost running after U456 approved it.
func approvedStatus() workflows.BoostStatus {
	st := awaitingApprovalStatus()
	st.Phase, st.Observed, st.Verified, st.StartedAt = workflows.PhaseActive, clients.Provisioned(10), true, t0.Add(20*time.Minute)
	st.Approval, st.Message = approvalAnswered(workflows.ApprovalGranted, "U456", "checked with finance", 20*time.Minute), "Capacity verified at 10 TRUs."
	return st
}

// approvalEndings are a boost that needed approval and ended without it,
// as the workflow leaves its status: denied, and expired.
func approvalEndings() map[string]workflows.BoostStatus {
	denied := awaitingApprovalStatus()
	denied.Phase, denied.EndedAt, denied.EndReason, denied.EndedBy = workflows.PhaseDone, t0.Add(20*time.Minute), workflows.EndDenied, "U456"
	denied.Approval = approvalAnswered(workflows.ApprovalDenied, "U456", "not this week", 20*time.Minute)
	denied.Message = "<@U456> denied the boost of orders-prod.a1b2c: “not this week”. Nothing was changed."
	expired := awaitingApprovalStatus()
	expired.Phase, expired.EndedAt, expired.EndReason = workflows.PhaseDone, t0.Add(time.Hour), workflows.EndExpired
	expired.Approval = approvalAnswered(workflows.ApprovalExpired, "", "", time.Hour)
	expired.Message = "Nobody approved the boost of orders-prod.a1b2c within 1h: the request expired. Nothing was changed."
	return map[string]workflows.BoostStatus{"approval_denied": denied, "approval_expired": expired}
}
