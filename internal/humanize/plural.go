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

// PluralFor is Plural for a measured quantity such as TRUs: only exactly one
// is singular ("1 TRU", "0.5 TRUs", "2 TRUs").
func PluralFor(n float64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
