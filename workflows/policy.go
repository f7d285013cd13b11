package workflows

import (
	"time"

	"github.com/capacitybot/capacitybot/internal/config"
)

// Policy is the set of limits a boost must respect. The bot checks it before
// starting a workflow (for a quick answer) and the workflow checks it again
// (authoritative, guarding against races and stale bots).
type Policy struct {
	Filter       config.NamespaceFilter `json:"filter"`
	MaxTRUs      float64                `json:"maxTrus"`
	MaxDuration  time.Duration          `json:"maxDuration"`
	RemindBefore time.Duration          `json:"remindBefore"`
	DryRun       bool                   `json:"dryRun"`
	// ActionPricePerMillion (ACTION_PRICE_PER_MILLION; 0: unknown) turns
	// the cost floors shown with boosts and recommendations into money.
	ActionPricePerMillion float64 `json:"actionPricePerMillion,omitempty"`
}

// PolicyFromConfig derives the boost policy from the settings.
func PolicyFromConfig(c config.Config) Policy {
	return Policy{
		Filter:       c.Filter(),
		MaxTRUs:      c.MaxTRUs,
		MaxDuration:  c.MaxBoostDuration,
		RemindBefore: c.RemindBefore,
		DryRun:       c.DryRun,

		ActionPricePerMillion: c.ActionPricePerMillion,
	}
}
