package metrics

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// maxLineBytes bounds one exposition line; a longer one is not a sample the
// Metrics API would serve.
const maxLineBytes = 1 << 20

// readError marks a failure to read the body, as opposed to bad content.
type readError struct{ err error }

func (e *readError) Error() string { return "reading metrics body: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// lineReader yields lines without copying them, except lines longer than
// the bufio buffer.
type lineReader struct {
	br   *bufio.Reader
	long []byte
	num  int
}

// next returns the next line without its newline, or io.EOF at the end.
func (l *lineReader) next() ([]byte, error) {
	line, err := l.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		l.long = append(l.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = l.br.ReadSlice('\n')
			l.long = append(l.long, line...)
			if len(l.long) > maxLineBytes {
				return nil, &lexError{l.num + 1, fmt.Sprintf("line longer than %d bytes", maxLineBytes)}
			}
		}
		line = l.long
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, &readError{err}
	}
	if len(line) == 0 {
		return nil, io.EOF
	}
	l.num++
	if line[len(line)-1] == '\n' {
		line = line[:len(line)-1]
	}
	return line, nil
}

// warnIfMore reads what follows "# EOF" and warns if it is not blank.
func (l *lineReader) warnIfMore(warn func(string)) error {
	for {
		line, err := l.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if len(bytes.TrimSpace(line)) > 0 {
			warnAfterEOF(line, warn)
			_, err := io.Copy(io.Discard, l.br)
			if err != nil {
				return &readError{err}
			}
			return nil
		}
	}
}
