package bot

import (
	"fmt"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/workflows"
)

// costNote states the hourly minimum-actions floor a TRU count implies and,
// with ACTION_PRICE_PER_MILLION set, what it costs per hour and over the
// window ("per run", "for this boost"); "" when there is no floor.
func (h *Handler) costNote(trus float64, window time.Duration, over string) string {
	floor := capacity.MinActionsPerHour(trus)
	if floor <= 0 {
		return ""
	}
	s := " Cost floor: " + capacity.FormatFloor(floor, h.o.Policy.ActionPricePerMillion)
	if p := h.o.Policy.ActionPricePerMillion; p > 0 && window > 0 {
		s += fmt.Sprintf(", ≈ %s %s", capacity.FormatMoney(capacity.Cost(floor, p)*window.Hours()), over)
	}
	return s + "."
}

// Policy is the boost policy the Handler applies, for the adapters that
// render what it implies (the cost floor's price).
func (h *Handler) Policy() workflows.Policy { return h.o.Policy }
