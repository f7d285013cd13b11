package metrics

import (
	"bytes"
	"fmt"
)

// lineKind says what one exposition line is.
type lineKind int

const (
	lineBlank  lineKind = iota // empty, or a comment we do not need (HELP, UNIT, free text)
	lineType                   // "# TYPE name type"
	lineEOF                    // "# EOF": the OpenMetrics terminator
	lineSample                 // name{labels} value [timestamp] [# exemplar]
)

// lexedLine is one line split into the parts the rewriting to Prometheus
// text needs. The byte slices point into the input line; nothing is copied.
type lexedLine struct {
	kind lineKind

	// For lineType.
	typeName, typeValue []byte

	// For lineSample. head is the metric name and label block exactly as
	// served ("name{a=\"b\"}"), value the value token and ts the timestamp
	// token (nil when absent).
	head  []byte
	value []byte
	ts    []byte
}

// lexError is a syntax error on one line of the exposition.
type lexError struct {
	line int
	msg  string
}

func (e *lexError) Error() string { return fmt.Sprintf("line %d: %s", e.line, e.msg) }

// lexLine splits one line (without its trailing newline) into its parts. It
// does not validate names, label values or values: expfmt does that.
func lexLine(line []byte, lineNum int) (lexedLine, error) {
	line = bytes.TrimRight(line, "\r")
	trimmed := bytes.TrimLeft(line, " \t")
	if len(trimmed) == 0 {
		return lexedLine{kind: lineBlank}, nil
	}
	if trimmed[0] == '#' {
		return lexComment(trimmed, lineNum)
	}
	return lexSample(trimmed, lineNum)
}

func lexComment(line []byte, lineNum int) (lexedLine, error) {
	fields := bytes.Fields(line[1:])
	if len(fields) == 0 {
		return lexedLine{kind: lineBlank}, nil
	}
	switch string(fields[0]) {
	case "EOF":
		if len(fields) != 1 {
			return lexedLine{}, &lexError{lineNum, fmt.Sprintf("unexpected text after # EOF: %q", clip(line))}
		}
		return lexedLine{kind: lineEOF}, nil
	case "TYPE":
		if len(fields) != 3 {
			return lexedLine{}, &lexError{lineNum, fmt.Sprintf("malformed TYPE line, want \"# TYPE <name> <type>\": %q", clip(line))}
		}
		if !isIdentifier(fields[2]) {
			return lexedLine{}, &lexError{lineNum, fmt.Sprintf("malformed metric type %q in TYPE line", clip(fields[2]))}
		}
		return lexedLine{kind: lineType, typeName: fields[1], typeValue: fields[2]}, nil
	}
	// HELP, UNIT and free comments carry nothing the bot needs.
	return lexedLine{kind: lineBlank}, nil
}

func lexSample(line []byte, lineNum int) (lexedLine, error) {
	headEnd, err := sampleHeadEnd(line)
	if err != nil {
		return lexedLine{}, &lexError{lineNum, err.Error()}
	}
	l := lexedLine{kind: lineSample, head: line[:headEnd]}
	rest := line[headEnd:]
	// An exemplar ("# {trace_id=...} 1.0") may follow the value or timestamp.
	if i := bytes.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	l.value, rest = nextToken(rest)
	l.ts, rest = nextToken(rest)
	if extra, _ := nextToken(rest); extra != nil {
		return lexedLine{}, &lexError{lineNum, fmt.Sprintf("unexpected text after timestamp in %q", clip(line))}
	}
	if l.value == nil {
		return lexedLine{}, &lexError{lineNum, fmt.Sprintf("missing value in %q", clip(line))}
	}
	return l, nil
}

// nextToken returns the first blank-separated token of b (nil if none) and
// what follows it.
func nextToken(b []byte) (tok, rest []byte) {
	i := 0
	for i < len(b) && isBlank(b[i]) {
		i++
	}
	if i == len(b) {
		return nil, nil
	}
	j := i
	for j < len(b) && !isBlank(b[j]) {
		j++
	}
	return b[i:j], b[j:]
}

func isBlank(c byte) bool { return c == ' ' || c == '\t' }

// sampleHeadEnd returns the index just past the metric name and label block,
// honouring quotes so that '}' or spaces inside a label value do not end it.
// Blanks between the name and the label block are allowed, as in the
// Prometheus text format.
func sampleHeadEnd(line []byte) (int, error) {
	i := 0
	for i < len(line) && line[i] != '{' && !isBlank(line[i]) {
		i++
	}
	if i == 0 && line[0] != '{' {
		return 0, fmt.Errorf("missing metric name in %q", clip(line))
	}
	nameEnd := i
	for i < len(line) && isBlank(line[i]) {
		i++
	}
	if i == len(line) || line[i] != '{' {
		return nameEnd, nil
	}
	inQuote, escaped := false, false
	for j := i + 1; j < len(line); j++ {
		c := line[j]
		switch {
		case escaped:
			escaped = false
		case inQuote && c == '\\':
			escaped = true
		case c == '"':
			inQuote = !inQuote
		case c == '}' && !inQuote:
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("unterminated label set in %q", clip(line))
}

func isIdentifier(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// clip shortens text quoted in error messages so that a huge bad line cannot
// flood logs or Slack.
func clip(b []byte) string {
	const limit = 120
	if len(b) <= limit {
		return string(b)
	}
	return string(b[:limit]) + "…"
}
