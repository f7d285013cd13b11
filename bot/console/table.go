package console

import (
	"strings"
	"unicode/utf8"
)

// columnGap is the space between two columns.
const columnGap = 2

// minWrapWidth is the narrowest the wrapped column gets, however wide the
// others are: narrower, its words would be cut to pieces.
const minWrapWidth = 24

// table lays rows out in aligned columns. The cells of column wrap are
// wrapped to what is left of width once the other columns have their full
// width, so a long explanation does not run a line to 300 characters; a
// wrapped cell's further lines leave the other columns blank, keeping them
// aligned. Trailing spaces are trimmed.
//
// When the other columns leave the wrapped one less than minWrapWidth (a
// terminal of 80 or 100 columns), no aligned table can fit: each row is then
// stacked as a card (see cards), labelled with labels.
func table(header, labels []string, rows [][]string, wrap, width int) string {
	all := append([][]string{header}, rows...)
	widths := make([]int, len(header))
	for _, r := range all {
		for i, cell := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	others := 0
	for i, w := range widths {
		if i != wrap {
			others += w + columnGap
		}
	}
	if others+minWrapWidth > width {
		return cards(labels, rows, wrap, width)
	}
	widths[wrap] = min(widths[wrap], width-others)

	var b strings.Builder
	for _, r := range all {
		parts := wrapText(r[wrap], widths[wrap])
		for n, part := range parts {
			var line strings.Builder
			for i, cell := range r {
				switch {
				case i == wrap:
					cell = part
				case n > 0:
					cell = ""
				}
				line.WriteString(cell)
				if i < len(r)-1 {
					line.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell)+columnGap))
				}
			}
			b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
		}
	}
	return b.String()
}

// wrapText breaks s into lines of at most width characters at spaces; a
// word longer than a line is cut. It returns at least one line.
func wrapText(s string, width int) []string {
	var lines []string
	var cur []rune
	for _, word := range strings.Fields(s) {
		w := []rune(word)
		for len(w) > width {
			if len(cur) > 0 {
				lines, cur = append(lines, string(cur)), nil
			}
			lines, w = append(lines, string(w[:width])), w[width:]
		}
		switch {
		case len(cur) == 0:
			cur = w
		case len(cur)+1+len(w) <= width:
			cur = append(append(cur, ' '), w...)
		default:
			lines, cur = append(lines, string(cur)), w
		}
	}
	if len(cur) > 0 || len(lines) == 0 {
		lines = append(lines, string(cur))
	}
	return lines
}

// cardIndent is how far a card's lines under its first cell are indented.
const cardIndent = "    "

// cards lays each row out on lines of at most width characters: its first
// cell alone, then the other cells as "label value" joined by " · ", then
// the wrapped cell under its label. It is the table for narrow terminals.
func cards(labels []string, rows [][]string, wrap, width int) string {
	inner := max(width-len(cardIndent), minWrapWidth)
	var b strings.Builder
	for _, r := range rows {
		b.WriteString(r[0] + "\n")
		var facts []string
		for i := 1; i < len(r); i++ {
			if i != wrap {
				facts = append(facts, labels[i]+" "+r[i])
			}
		}
		for _, l := range joinWrapped(facts, " · ", inner) {
			b.WriteString(cardIndent + l + "\n")
		}
		for _, l := range wrapText(labels[wrap]+": "+r[wrap], inner) {
			b.WriteString(cardIndent + l + "\n")
		}
	}
	return b.String()
}

// joinWrapped joins items with sep into lines of at most width characters,
// breaking only between items (an item longer than a line is wrapped alone).
func joinWrapped(items []string, sep string, width int) []string {
	var lines []string
	cur := ""
	for _, it := range items {
		switch {
		case cur == "":
			cur = it
		case utf8.RuneCountInString(cur+sep+it) <= width:
			cur += sep + it
		default:
			lines, cur = append(lines, cur), it
		}
		if utf8.RuneCountInString(cur) > width {
			parts := wrapText(cur, width)
			lines, cur = append(lines, parts[:len(parts)-1]...), parts[len(parts)-1]
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
