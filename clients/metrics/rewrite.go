package metrics

import (
	"bytes"
	"strconv"
)

// toPromText rewrites a response body into the Prometheus text format that
// expfmt's text parser reads. Comment lines become blank: TYPE lines are
// checked (checkType) but every Metrics API series is a gauge, and
// OpenMetrics types such as "unknown" would be refused; HELP and UNIT carry
// nothing the bot needs. Exemplars are dropped and timestamps become integer
// milliseconds. In OpenMetrics "# EOF" ends the input. Blank lines keep the
// line numbers of expfmt's errors equal to the body's.
func toPromText(data []byte, f bodyFormat, warn func(string)) (*bytes.Buffer, error) {
	var buf bytes.Buffer
	buf.Grow(len(data) + len(data)/8)
	rest, err := forEachLine(data, func(line []byte, num int) (bool, error) {
		l, err := lexLine(line, num)
		if err != nil {
			return false, err
		}
		switch l.kind {
		case lineEOF:
			if f == formatOpenMetrics {
				return true, nil
			}
		case lineType:
			checkType(l, warn)
		case lineSample:
			buf.Write(l.head)
			buf.WriteByte(' ')
			buf.Write(l.value)
			if l.ts != nil {
				ms, err := timestampMs(l.ts, f)
				if err != nil {
					return false, &lexError{num, err.Error()}
				}
				buf.WriteByte(' ')
				buf.WriteString(strconv.FormatInt(ms, 10))
			}
		}
		buf.WriteByte('\n')
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		// OpenMetrics forbids it; it is ignored rather than rejected because
		// the data before it is complete.
		warn("ignored data after the # EOF line of the metrics response")
	}
	return &buf, nil
}

// forEachLine calls fn with each line of data (without the newline) and its
// 1-based number, stopping at the first error or when fn returns stop; it
// returns what was left unread.
func forEachLine(data []byte, fn func(line []byte, num int) (stop bool, err error)) ([]byte, error) {
	num := 0
	for len(data) > 0 {
		num++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		stop, err := fn(line, num)
		if err != nil || stop {
			return data, err
		}
	}
	return nil, nil
}
