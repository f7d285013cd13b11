package metrics

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"unicode/utf8"
)

// readQuoted reads a double-quoted string at line[i], resolving the escapes
// \\, \" and \n and checking that it is valid UTF-8, and returns it with the
// index after the closing quote. The result aliases line or the parser's
// buffer: use it before the next call.
func (p *fastParser) readQuoted(line []byte, i int) ([]byte, int, error) {
	if i >= len(line) || line[i] != '"' {
		return nil, 0, errors.New(`expected '"' at the start of the value`)
	}
	start := i + 1
	// The common string is plain ASCII without escapes: one pass finds its
	// end, and it is returned without a copy.
	j := quotedPlainEnd(line, start)
	if j < len(line) && line[j] == '"' {
		return line[start:j], j + 1, nil
	}
	buf := append(p.unescBuf[:0], line[start:j]...)
	for ; j < len(line); j++ {
		c := line[j]
		switch c {
		case '"':
			p.unescBuf = buf
			if !utf8.Valid(buf) {
				return nil, 0, errors.New("value is not valid UTF-8")
			}
			return buf, j + 1, nil
		case '\\':
			j++
			if j >= len(line) {
				return nil, 0, errors.New("unterminated string")
			}
			switch line[j] {
			case '\\', '"':
				buf = append(buf, line[j])
			case 'n':
				buf = append(buf, '\n')
			default:
				return nil, 0, fmt.Errorf("invalid escape sequence '\\%c'", line[j])
			}
		default:
			buf = append(buf, c)
		}
	}
	return nil, 0, errors.New("unterminated string")
}

// quotedPlainEnd returns the index of the first byte at or after i that
// quotedStop marks, or len(b). It looks at eight bytes at a time: a value
// such as a namespace name is some twenty bytes long.
func quotedPlainEnd(b []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(b); i += 8 {
		w := binary.LittleEndian.Uint64(b[i:])
		q, bs := w^('"'*ones), w^('\\'*ones)
		// A byte of q or bs is zero where w holds a quote or a backslash;
		// (x-ones)&^x&highs flags zero bytes (and, through borrows, maybe
		// bytes above one, which the lowest flag ignores). High bits flag
		// non-ASCII bytes.
		stop := ((q-ones)&^q | (bs-ones)&^bs | w) & highs
		if stop != 0 {
			return i + bits.TrailingZeros64(stop)/8
		}
	}
	for i < len(b) && !quotedStop[b[i]] {
		i++
	}
	return i
}

// quotedStop marks the bytes that end the plain scan of a quoted string: the
// closing quote, an escape, and non-ASCII bytes, which need a UTF-8 check
// (read-only).
var quotedStop = func() (t [256]bool) {
	t['"'], t['\\'] = true, true
	for c := 0x80; c < 256; c++ {
		t[c] = true
	}
	return t
}()
