package workflows

import (
	"fmt"
	"math"
	"strconv"
)

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
	if pricePerMillion <= 0 || actionsPerHour <= 0 {
		return ""
	}
	return " ≈ " + FormatMoney(actionsPerHour/1e6*pricePerMillion) + "/h"
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
// Temporal Cloud bills in USD.
func FormatMoney(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "?"
	}
	return fmt.Sprintf("$%.2f", v)
}
