package metrics

// isNameChar reports whether c may appear in a bare metric name (colons
// allowed) or label name at the given position.
func isNameChar(c byte, first, metric bool) bool {
	switch nameChars[c] {
	case nameStart:
		return true
	case nameDigit:
		return !first
	case nameColon:
		return metric
	}
	return false
}

// Character classes for names, looked up rather than compared: this runs for
// every byte of every name.
const (
	nameNone byte = iota
	nameStart
	nameDigit
	nameColon
)

// nameChars is a read-only table, built once.
var nameChars = func() (t [256]byte) {
	for c := range 256 {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
			t[c] = nameStart
		case c >= '0' && c <= '9':
			t[c] = nameDigit
		case c == ':':
			t[c] = nameColon
		}
	}
	return t
}()
