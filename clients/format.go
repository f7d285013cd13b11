package clients

import "strconv"

// formatTRUs prints a TRU count without a trailing ".0" for whole numbers.
func formatTRUs(n float64) string {
	return strconv.FormatFloat(n, 'f', -1, 64)
}
