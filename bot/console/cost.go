package console

import "github.com/capacitybot/capacitybot/workflows"

// moneyPerHour is " ≈ $54.00/h" for an hourly floor at a price per million
// actions, or "" when the price is not known (ACTION_PRICE_PER_MILLION 0).
func moneyPerHour(actionsPerHour, pricePerMillion float64) string {
	if pricePerMillion <= 0 || actionsPerHour <= 0 {
		return ""
	}
	return " ≈ " + workflows.FormatMoney(actionsPerHour/1e6*pricePerMillion) + "/h"
}

// price is the Handler's ACTION_PRICE_PER_MILLION (0 without a Handler).
func (c *Console) price() float64 {
	if c.o.Handler == nil {
		return 0
	}
	return c.o.Handler.Policy().ActionPricePerMillion
}
