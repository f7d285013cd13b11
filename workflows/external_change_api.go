package workflows

import (
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// UpdateExternalChange carries a person's decision about a capacity change
// made outside the bot during a boost (Terraform, tcld, the Cloud UI): revert
// it anyway, or leave it as is.
const UpdateExternalChange = "external_change_decision"

// PhaseDeciding is a boost whose revert is on hold because the namespace's
// capacity was changed outside the bot: it waits for "Revert anyway" or
// "Leave as is", and leaves it as is when nobody answers in time.
const PhaseDeciding BoostPhase = "awaiting-decision"

// The ends of a boost whose capacity was changed outside the bot.
const (
	// EndLeftAsIs: the outside change was kept, because someone (EndedBy)
	// chose so or because nobody decided in time (EndedBy empty).
	EndLeftAsIs BoostEndReason = "left-as-is"
	// EndRevertedAnyway: someone (EndedBy) chose to revert over the outside
	// change.
	EndRevertedAnyway BoostEndReason = "reverted-anyway"
)

// ExternalDecision is what to do about a capacity changed outside the bot.
type ExternalDecision string

// The decisions.
const (
	DecisionRevertAnyway ExternalDecision = "revert-anyway"
	DecisionLeaveAsIs    ExternalDecision = "leave-as-is"
)

// ExternalChange is what a boost found before its revert when the capacity
// was no longer its target, and what was decided about it. The bot cannot
// know who made the change, so nobody is named for it.
type ExternalChange struct {
	// Found is the capacity the namespace had instead of the boost's target.
	Found clients.Capacity `json:"found"`
	// DetectedAt is when it was found; DecideBy is when the boost leaves it
	// as is without a decision (equal to DetectedAt when no decision is
	// asked for, with a zero EXTERNAL_CHANGE_DECISION_TIMEOUT).
	DetectedAt time.Time `json:"detectedAt"`
	DecideBy   time.Time `json:"decideBy"`
	// Decision is empty while nobody has decided; DecidedBy is the Slack
	// user who did, empty when the time ran out (TimedOut).
	Decision  ExternalDecision `json:"decision,omitempty"`
	DecidedBy string           `json:"decidedBy,omitempty"`
	TimedOut  bool             `json:"timedOut,omitempty"`
}

// AsksDecision reports whether a person can still decide: nobody has, and
// the boost offered a time to do it in.
func (x *ExternalChange) AsksDecision() bool {
	return x != nil && x.Decision == "" && x.DecideBy.After(x.DetectedAt)
}

// ExternalChangeRequest is a person's decision about an outside change.
type ExternalChangeRequest struct {
	Decision  ExternalDecision `json:"decision"`
	Requester string           `json:"requester"`
}
