package humanize

import "unicode/utf8"

// Clip shortens s to at most n characters (runes), the last of them an
// ellipsis marking the cut. It counts characters, as Slack's length limits
// do, so a clipped text always fits the limit it was clipped to, and it never
// splits a multi-byte character.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	if n <= 1 {
		return string([]rune(s)[:max(n, 0)])
	}
	return string([]rune(s)[:n-1]) + "…"
}
