package workflows

import (
	"time"

	"github.com/capacitybot/capacitybot/capacity"
)

// Policy is the set of limits a boost must respect. The bot checks it before
// starting a workflow (for a quick answer) and the workflow checks it again
// (authoritative, guarding against races and stale bots). It travels in
// CapacityReading, so its JSON names are part of recorded histories. The
// process builds it from its settings (cmd/capacitybot).
type Policy struct {
	Filter      capacity.NamespaceFilter `json:"filter"`
	MaxTRUs     float64                  `json:"maxTrus"`
	MaxDuration time.Duration            `json:"maxDuration"`
	// MaxLead (MAX_BOOST_LEAD; 0: no limit) is how far ahead a boost may be
	// set to start, a limit apart from MaxDuration, how long it may last.
	// Histories recorded before it existed have none.
	MaxLead      time.Duration `json:"maxLead,omitempty"`
	RemindBefore time.Duration `json:"remindBefore"`
	DryRun       bool          `json:"dryRun"`
	// ActionPricePerMillion (ACTION_PRICE_PER_MILLION; 0: unknown) turns
	// the cost floors shown with boosts and recommendations into money.
	ActionPricePerMillion float64 `json:"actionPricePerMillion,omitempty"`
	// ExternalChangeTimeout (EXTERNAL_CHANGE_DECISION_TIMEOUT) is how long
	// a boost whose capacity was changed outside the bot waits for "Revert
	// anyway" before leaving the change as is; 0 leaves it at once.
	ExternalChangeTimeout time.Duration `json:"externalChangeTimeout,omitempty"`
	// ApprovalAboveTRUs (APPROVAL_ABOVE_TRUS; 0: none) and
	// ApprovalLongerThan (APPROVAL_LONGER_THAN; 0: none) are the two-person
	// rule: a boost above either waits for an approver, at most
	// ApprovalTimeout. Carried here, in the recorded reading, so a replay
	// decides as the run did; runs from before approvals have none.
	ApprovalAboveTRUs  float64       `json:"approvalAboveTrus,omitempty"`
	ApprovalLongerThan time.Duration `json:"approvalLongerThan,omitempty"`
	ApprovalTimeout    time.Duration `json:"approvalTimeout,omitempty"`
}
