package workflows

import "time"

// The updates that answer a boost waiting for approval. Registered names:
// they are recorded in histories and never change.
const (
	UpdateApprove = "approve"
	UpdateDeny    = "deny"
)

// PhaseAwaitingApproval is a boost that was validated and now waits for an
// approver's Approve or Deny (the two-person rule); it expires, changing
// nothing, when nobody answers within the policy's ApprovalTimeout.
const PhaseAwaitingApproval BoostPhase = "awaiting-approval"

// The ends of a boost that was never approved.
const (
	// EndDenied: an approver (EndedBy) denied it; nothing was changed.
	EndDenied BoostEndReason = "denied"
	// EndExpired: nobody answered in time; nothing was changed.
	EndExpired BoostEndReason = "approval-expired"
)

// ApprovalDecision is what became of a request for approval.
type ApprovalDecision string

// The decisions; empty while the request waits.
const (
	ApprovalGranted ApprovalDecision = "approved"
	ApprovalDenied  ApprovalDecision = "denied"
	ApprovalExpired ApprovalDecision = "expired"
)

// Approval is a request for a second person's approval: of the boost itself,
// or (NewEnd set) of an extension past APPROVAL_LONGER_THAN. It is shown as
// the approval card while it waits and as who decided afterwards.
type Approval struct {
	// Why says which rule asked for it ("more than 6 TRUs").
	Why       string    `json:"why"`
	Requester string    `json:"requester"`
	Requested time.Time `json:"requestedAt"`
	Expires   time.Time `json:"expiresAt"`
	// NewEnd is the end an extension asks for; zero for the boost itself.
	NewEnd time.Time `json:"newEnd,omitempty"`
	// MinActionsPerHour is the cost floor of the capacity asked for.
	MinActionsPerHour float64 `json:"minActionsPerHour"`

	Decision  ApprovalDecision `json:"decision,omitempty"`
	DecidedBy string           `json:"decidedBy,omitempty"`
	// Note is the approver's reason, as typed.
	Note      string    `json:"note,omitempty"`
	DecidedAt time.Time `json:"decidedAt,omitempty"`
}

// Pending reports whether the request still waits for a decision.
func (a *Approval) Pending() bool { return a != nil && a.Decision == "" }

// ApprovalRequest is an approver's Approve or Deny, with their reason.
type ApprovalRequest struct {
	Approver string `json:"approver"`
	Note     string `json:"note,omitempty"`
}
