package capacity

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// Capacity facts from the Temporal Cloud docs (capacity modes, limits and
// pricing pages). They are constants rather than settings because they
// describe the service, not a preference.
const (
	// APSPerTRU is the action rate one Temporal Resource Unit provides.
	APSPerTRU = 500.0
	// MinActionsPerExtraTRUHour is the hourly minimum each TRU beyond the
	// first carries (500 APS × 3600 s × 20%).
	MinActionsPerExtraTRUHour = 360_000.0
)

// MinActionsPerHour is the hourly action minimum of provisioned capacity
// with trus TRUs: each TRU beyond the first carries 360,000 actions per
// hour, so provisioned capacity costs money even when idle. On-demand
// capacity has no minimum; callers pass 0 for it.
func MinActionsPerHour(trus float64) float64 {
	if trus <= 1 || math.IsNaN(trus) {
		return 0
	}
	return (trus - 1) * MinActionsPerExtraTRUHour
}

// FormatFloor states an hourly minimum-actions floor ("1.08M actions/h")
// and, when pricePerMillion is above 0 (ACTION_PRICE_PER_MILLION), the money
// it implies ("1.08M actions/h ≈ $54.00/h"). Provisioned capacity costs this
// even when idle, which is why every boost and recommendation says it.
func FormatFloor(actionsPerHour, pricePerMillion float64) string {
	return FormatActions(actionsPerHour) + " actions/h" + FormatHourlyCost(actionsPerHour, pricePerMillion)
}

// FormatHourlyCost is the money an hourly floor implies, " ≈ $54.00/h", or
// "" when there is no floor or the price is not known
// (ACTION_PRICE_PER_MILLION 0), so every adapter can append it to its own
// spelling of the floor without repeating the arithmetic.
func FormatHourlyCost(actionsPerHour, pricePerMillion float64) string {
	if !(pricePerMillion > 0) || !(actionsPerHour > 0) {
		return ""
	}
	return " ≈ " + FormatMoney(Cost(actionsPerHour, pricePerMillion)) + "/h"
}

// Cost is what a number of actions costs at a price per million actions.
func Cost(actions, pricePerMillion float64) float64 {
	return actions / 1e6 * pricePerMillion
}

// FormatActions prints an action count compactly: 360K, 1.08M.
func FormatActions(n float64) string {
	switch {
	case math.IsNaN(n) || n <= 0:
		return "0"
	case n >= 1e6:
		return strconv.FormatFloat(math.Round(n/1e4)/100, 'f', -1, 64) + "M"
	case n >= 1e3:
		return strconv.FormatFloat(math.Round(n/10)/100, 'f', -1, 64) + "K"
	}
	return strconv.FormatFloat(n, 'f', 0, 64)
}

// FormatMoney prints an amount in the price's currency, shown as dollars as
// Temporal Cloud bills in USD; "?" for a value only a bug produces.
func FormatMoney(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	return fmt.Sprintf("$%.2f", v)
}

// FormatWindowFloor is what an hourly floor comes to over a window: "at
// least 2.16M actions over 2h" and, with a price, " ≈ $108.00"; "" when
// there is no floor or no window (a boost with no automatic revert).
func FormatWindowFloor(actionsPerHour, pricePerMillion float64, window time.Duration) string {
	if !(actionsPerHour > 0) || window <= 0 {
		return ""
	}
	total := actionsPerHour * window.Hours()
	s := "at least " + FormatActions(total) + " actions over " + humanize.Duration(window)
	if pricePerMillion > 0 {
		s += " ≈ " + FormatMoney(Cost(total, pricePerMillion))
	}
	return s
}
