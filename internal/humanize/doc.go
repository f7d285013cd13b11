// Package humanize prints numbers, durations and times the way people read
// them. The Slack bot, the console, the workflows' step texts and the
// clients' capacity names all speak to the same people, so they share one
// spelling of "1,080,000" (Count), "2.5" (Number), "1d2h" and "45s"
// (Duration) and "15:04 UTC" (Time) instead of each keeping a copy that
// could drift.
package humanize
