package humanize

// Plural picks the singular word for exactly one and the plural otherwise
// ("1 boost", "0 boosts"); the caller supplies both, as English plurals are
// irregular ("analysis"/"analyses").
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
