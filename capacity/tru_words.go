package capacity

import "github.com/capacitybot/capacitybot/internal/humanize"

// TRUWord is the unit after a TRU count: "TRU" for exactly one, else
// "TRUs". It is the one spelling of the unit, for renderers that format the
// number their own way.
func TRUWord(n float64) string { return humanize.PluralFor(n, "TRU", "TRUs") }

// FormatTRUs spells a TRU count with its unit: "1 TRU", "2.5 TRUs".
func FormatTRUs(n float64) string { return humanize.Number(n) + " " + TRUWord(n) }
