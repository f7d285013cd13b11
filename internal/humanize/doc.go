// Package humanize prints numbers, durations and times the way people read
// them. The Slack bot, the console, the workflows' step texts and the
// clients' capacity names all speak to the same people, so they share one
// spelling instead of each keeping a copy that could drift: "1,080,000" (Count),
// "2.5" (Number, for TRU counts as typed), "1d2h" and "45s" (Duration),
// "15:04 UTC", with the day when it is not today (Time), "Thu 26 Nov 15:04
// UTC" (Date, for text read long after), "80%" (Percent) and "1 namespace"
// or "2 namespaces" (Plural).
package humanize
