// Package humanize prints numbers, durations and times the way people read
// them. The Slack bot, the console and the workflows all speak to the same
// people, so they share one spelling of "1,080,000", "1d2h" and "15:04 UTC"
// instead of each keeping a copy that could drift.
package humanize
