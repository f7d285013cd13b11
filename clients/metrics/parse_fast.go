package metrics

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"
)

// parseFast is the production parser: a hand-written, streaming reader for
// the subset of the OpenMetrics / Prometheus text format that the Metrics API
// serves (gauges: name, labels, value, timestamp). expfmt's text parser builds
// protobuf messages per sample and label and is some 70 times slower than
// reading the lines; this one copies nothing but the distinct namespace
// names. parseExpfmt stays as the reference, and a differential fuzz test
// keeps the two in agreement.
func parseFast(r io.Reader, add func(*sample), warn func(string)) error {
	lr := lineReader{br: bufio.NewReaderSize(r, 64<<10)}
	p := fastParser{strs: make(map[string]string)}
	for {
		line, err := lr.next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		line = bytes.TrimRight(line, "\r")
		i := skipBlanks(line, 0)
		switch {
		case i == len(line):
			continue
		case line[i] == '#':
			l, err := lexComment(line[i:], lr.num)
			if err != nil {
				return err
			}
			switch l.kind {
			case lineEOF:
				return lr.warnIfMore(warn)
			case lineType:
				checkType(l, warn)
			}
		default:
			if err := p.parseSample(line[i:]); err != nil {
				return &lexError{lr.num, err.Error()}
			}
			add(&p.cur)
		}
	}
}

type fastParser struct {
	cur      sample            // the sample being parsed; reused to avoid an allocation per line
	strs     map[string]string // interned names and label values
	lastName string            // the previous line's metric name: consecutive lines usually repeat it
	lastBare string            // the last metric name read bare from the start of a line
	nsBuf    []byte            // the current line's namespace
	lastTS   []byte            // the previous timestamp token and its value: a scrape's
	lastTSMs int64             // samples mostly share one timestamp
	nameBuf  []byte            // label names of the current line, for duplicate checks,
	nameEnds []int32           // each ending at its offset in nameBuf
	nameSet  map[string]bool   // the same, once a line has many labels
	// The previous line's bare label names, in order (the line's "shape").
	// Lines of one metric repeat their label names, so a name that matches
	// the previous line's name at the same position, followed by '=', is
	// known to be valid and not a duplicate without reading it again.
	shapeBuf  []byte
	shapeEnds []int32
	shapeOK   bool // every label name so far on this line matched the shape
	unescBuf  []byte
}

// intern returns b as a string, allocating only the first time it is seen.
func (p *fastParser) intern(b []byte) string {
	if s, ok := p.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	p.strs[s] = s
	return s
}

// internLast is intern with a one-entry cache in front.
func (p *fastParser) internLast(b []byte, last *string) string {
	if string(b) != *last {
		*last = p.intern(b)
	}
	return *last
}

// commonValue returns the label values the aggregation compares against
// without a map lookup, and interns the rest.
func (p *fastParser) commonValue(b []byte) string {
	switch string(b) {
	case "true":
		return "true"
	case "false":
		return "false"
	case "active":
		return "active"
	case "standby":
		return "standby"
	}
	return p.intern(b)
}

// parseSample reads `name{label="value",...} value [timestamp] [# exemplar]`
// (or `{"name",label="value"} ...`) into p.cur.
func (p *fastParser) parseSample(line []byte) error {
	p.cur = sample{}
	i, err := p.parseHead(line)
	if err != nil {
		return err
	}
	rest := line[i:]
	// An exemplar ("# {trace_id=...} 1.0") may follow the value or timestamp.
	if j := bytes.IndexByte(rest, '#'); j >= 0 {
		rest = rest[:j]
	}
	value, rest := nextToken(rest)
	ts, rest := nextToken(rest)
	if extra, _ := nextToken(rest); extra != nil {
		return fmt.Errorf("unexpected text after timestamp in %q", clip(line))
	}
	if value == nil {
		return fmt.Errorf("missing value in %q", clip(line))
	}
	if p.cur.value, err = parseValue(value); err != nil {
		return err
	}
	if ts != nil {
		if string(ts) != string(p.lastTS) {
			if p.lastTSMs, err = parseTimestampMs(ts); err != nil {
				return err
			}
			p.lastTS = append(p.lastTS[:0], ts...)
		}
		p.cur.tsMs = p.lastTSMs
		p.cur.hasTS = true
	}
	return nil
}

// parseHead reads the metric name and label block into p.cur and returns the
// index after them.
func (p *fastParser) parseHead(line []byte) (int, error) {
	i := p.repeatedName(line)
	if i == 0 {
		for i < len(line) && isNameChar(line[i], i == 0, true) {
			i++
		}
	}
	name := line[:i]
	braced := i == 0
	nameEnd := i
	i = skipBlanks(line, i)
	if i == len(line) || line[i] != '{' {
		if len(name) == 0 || (i == nameEnd && i < len(line)) {
			return 0, fmt.Errorf("invalid metric name in %q", clip(line))
		}
		p.cur.name = p.internLast(name, &p.lastName)
		p.lastBare = p.cur.name
		return i, nil
	}
	i++
	hasName := len(name) > 0
	p.nameBuf, p.nameEnds = p.nameBuf[:0], p.nameEnds[:0]
	clear(p.nameSet)
	p.shapeOK = true
	labels, bare := 0, true
	for {
		i = skipBlanks(line, i)
		if i >= len(line) {
			return 0, fmt.Errorf("unterminated label set in %q", clip(line))
		}
		if line[i] == '}' {
			i++
			break
		}
		var lname []byte
		var err error
		if j, ok := p.matchShape(line, i, labels); ok {
			lname, i = line[i:j], j+1
		} else {
			p.leaveShape(labels)
			bare = bare && line[i] != '"'
			lname, i, err = p.readLabelName(line, i)
			if err != nil {
				return 0, err
			}
			i = skipBlanks(line, i)
			if i < len(line) && (line[i] == ',' || line[i] == '}') && braced && !hasName {
				// {"metric.name", label="value"}: the metric name inside braces.
				name, hasName = lname, true
				if line[i] == ',' {
					i++
				}
				continue
			}
			if i >= len(line) || line[i] != '=' {
				return 0, fmt.Errorf("expected '=' after label name %q", clip(lname))
			}
			if string(lname) == "__name__" {
				return 0, errors.New(`label name "__name__" is reserved`)
			}
			if p.seenLabel(lname) {
				return 0, fmt.Errorf("duplicate label name %q", clip(lname))
			}
			i++
		}
		labels++
		i = skipBlanks(line, i)
		var value []byte
		value, i, err = p.readQuoted(line, i)
		if err != nil {
			return 0, fmt.Errorf("label %s: %w", clip(lname), err)
		}
		switch string(lname) {
		case labelNamespace:
			// Copied: value may sit in the unescape buffer, which the
			// next label reuses.
			p.nsBuf = append(p.nsBuf[:0], value...)
			p.cur.namespace = p.nsBuf
		case labelIsBackground:
			p.cur.isBackground = p.commonValue(value)
		case labelNamespaceMode:
			p.cur.mode = p.commonValue(value)
		}
		i = skipBlanks(line, i)
		if i < len(line) && line[i] == ',' {
			i++
			continue
		}
		if i >= len(line) || line[i] != '}' {
			return 0, fmt.Errorf("expected ',' or '}' after the value of label %s", clip(lname))
		}
	}
	if !hasName {
		return 0, fmt.Errorf("missing metric name in %q", clip(line))
	}
	if !p.shapeOK {
		p.keepShape(bare)
	}
	p.cur.name = p.internLast(name, &p.lastName)
	if !braced {
		p.lastBare = p.cur.name
	}
	return i, nil
}

// readLabelName reads a bare label name or a quoted (UTF-8) one at line[i].
// A quoted name is copied: it may live in the unescape buffer, which the
// label value reuses.
func (p *fastParser) readLabelName(line []byte, i int) ([]byte, int, error) {
	if line[i] == '"' {
		name, j, err := p.readQuoted(line, i)
		if err != nil {
			return nil, 0, fmt.Errorf("label name: %w", err)
		}
		if len(name) == 0 || !utf8.Valid(name) {
			return nil, 0, fmt.Errorf("invalid label name %q", clip(name))
		}
		return bytes.Clone(name), j, nil
	}
	j := i
	for j < len(line) && isNameChar(line[j], j == i, false) {
		j++
	}
	if j == i {
		return nil, 0, fmt.Errorf("invalid label name at %q", clip(line[i:]))
	}
	return line[i:j], j, nil
}

func skipBlanks(b []byte, i int) int {
	for i < len(b) && isBlank(b[i]) {
		i++
	}
	return i
}
