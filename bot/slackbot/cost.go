package slackbot

import "github.com/capacitybot/capacitybot/workflows"

// money is " ≈ $54.00/h" for an hourly floor at a price per million
// actions, or "" when the price is not known.
func money(actionsPerHour, pricePerMillion float64) string {
	if pricePerMillion <= 0 || actionsPerHour <= 0 {
		return ""
	}
	return " ≈ " + workflows.FormatMoney(actionsPerHour/1e6*pricePerMillion) + "/h"
}
