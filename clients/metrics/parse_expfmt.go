package metrics

import (
	"bytes"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// parseExpfmt parses with prometheus/common/expfmt's text parser, the
// reference implementation. The text parser does not know OpenMetrics, so
// each line is first lexed and rewritten: "# EOF" ends the input, TYPE, HELP
// and UNIT lines become blank (every Metrics API series is a gauge, and
// OpenMetrics types such as "unknown" would be refused), exemplars are
// dropped, and timestamps become integer milliseconds. Blank lines keep the
// line numbers of the parser's errors equal to the input's.
func parseExpfmt(r io.Reader, add func(*sample), warn func(string)) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return &readError{err}
	}
	var buf bytes.Buffer
	buf.Grow(len(data) + len(data)/8)
	rest, err := forEachLine(data, func(line []byte, num int) (bool, error) {
		l, err := lexLine(line, num)
		if err != nil {
			return false, err
		}
		switch l.kind {
		case lineEOF:
			return true, nil
		case lineType:
			checkType(l, warn)
		case lineSample:
			buf.Write(l.head)
			buf.WriteByte(' ')
			buf.Write(l.value)
			if l.hasTS {
				buf.WriteByte(' ')
				buf.WriteString(strconv.FormatInt(l.tsMs, 10))
			}
		}
		buf.WriteByte('\n')
		return false, nil
	})
	if err != nil {
		return err
	}
	warnAfterEOF(rest, warn)

	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(&buf)
	if err != nil {
		return err
	}
	// Families come as a map; walk them in name order so that warnings come
	// out in the same order every time.
	for _, name := range slices.Sorted(maps.Keys(families)) {
		fam := families[name]
		for _, m := range fam.GetMetric() {
			s := sample{name: name, value: m.GetUntyped().GetValue()}
			if m.TimestampMs != nil {
				s.tsMs, s.hasTS = m.GetTimestampMs(), true
			}
			for _, lp := range m.GetLabel() {
				switch lp.GetName() {
				case labelNamespace:
					s.namespace = []byte(lp.GetValue())
				case labelIsBackground:
					s.isBackground = lp.GetValue()
				case labelNamespaceMode:
					s.mode = lp.GetValue()
				}
			}
			add(&s)
		}
	}
	return nil
}
