package metrics

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"slices"
	"strings"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/capacitybot/capacitybot/clients"
)

// opParse names parse failures in *clients.Error.
const opParse = "ParseMetrics"

// bodyFormat is the exposition format of a Metrics API response.
type bodyFormat int

const (
	// formatOpenMetrics is OpenMetrics 1.0 text, what the Metrics API serves.
	formatOpenMetrics bodyFormat = iota
	// formatPromText is the Prometheus text format 0.0.4, read only when the
	// response's Content-Type says so.
	formatPromText
)

// formatOf picks the body format from a response's Content-Type: Prometheus
// text when expfmt reads the header as text/plain (version 0.0.4 or none),
// OpenMetrics otherwise.
func formatOf(contentType string) bodyFormat {
	h := http.Header{"Content-Type": {contentType}}
	if expfmt.ResponseFormat(h).FormatType() == expfmt.TypeTextPlain {
		return formatPromText
	}
	return formatOpenMetrics
}

// Parse reads an OpenMetrics 1.0 Metrics API response body into
// per-namespace usage. Samples the bot cannot use (NaN, infinite or negative
// values) are skipped with a warning instead of failing the whole scrape; a
// body that is not valid exposition text fails with a KindMalformed
// *clients.Error naming the line. An empty body is an empty snapshot. The
// snapshot's Completeness is "unknown": only the HTTP response says
// otherwise, so FetchUsage sets it.
func Parse(r io.Reader) (clients.UsageSnapshot, error) {
	return parse(r, formatOpenMetrics)
}

// parse reads a body of the given format. expfmt's text parser does the
// parsing (decode). Its OpenMetrics decoder is not used: it parses every
// line with a general ABNF parser, which takes seconds for a thousand
// samples and grows with the cube of a line's length (docs/performance.md).
// OpenMetrics bodies are rewritten line by line into the Prometheus text
// format instead (toPromText).
func parse(r io.Reader, f bodyFormat) (clients.UsageSnapshot, error) {
	agg := newAggregator()
	if err := decode(r, f, agg.add, agg.warn); err != nil {
		return clients.UsageSnapshot{}, err
	}
	return agg.snapshot(), nil
}

// decode hands every data point of a body to add, in metric name order so
// that warnings come out in the same order every time, and returns a
// *clients.Error when the body cannot be read or parsed.
func decode(r io.Reader, f bodyFormat, add func(*sample), warn func(string)) error {
	families, err := readFamilies(r, f, warn)
	if err != nil {
		return err
	}
	feed(families, add)
	return nil
}

// readFamilies parses a body into its metric families.
func readFamilies(r io.Reader, f bodyFormat, warn func(string)) (map[string]*dto.MetricFamily, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, classifyParseError(&readError{err})
	}
	text, err := toPromText(data, f, warn)
	if err != nil {
		return nil, classifyParseError(err)
	}
	tp := expfmt.NewTextParser(model.UTF8Validation)
	families, err := tp.TextToMetricFamilies(text)
	if err != nil {
		return nil, classifyParseError(err)
	}
	return families, nil
}

// feed hands every data point of the families to add, in metric name order
// so that warnings come out in the same order every time.
func feed(families map[string]*dto.MetricFamily, add func(*sample)) {
	for _, name := range slices.Sorted(maps.Keys(families)) {
		for _, m := range families[name].GetMetric() {
			s := sampleOf(name, m)
			add(&s)
		}
	}
}

// sampleOf reads the parts of one parsed data point the aggregation uses.
// Every TYPE line is dropped before expfmt sees it, so the value is untyped.
func sampleOf(name string, m *dto.Metric) sample {
	s := sample{name: name, value: m.GetUntyped().GetValue()}
	if m.TimestampMs != nil {
		s.tsMs, s.hasTS = m.GetTimestampMs(), true
	}
	for _, lp := range m.GetLabel() {
		switch lp.GetName() {
		case labelNamespace:
			s.namespace = lp.GetValue()
		case labelIsBackground:
			s.isBackground = lp.GetValue()
		case labelNamespaceMode:
			s.mode = lp.GetValue()
		}
	}
	return s
}

// readError marks a failure to read the body, as opposed to bad content.
type readError struct{ err error }

func (e *readError) Error() string { return "reading metrics body: " + e.err.Error() }
func (e *readError) Unwrap() error { return e.err }

// classifyParseError turns a parse failure into a *clients.Error: a body
// that could not be read is KindUnavailable, bad content KindMalformed.
func classifyParseError(err error) error {
	if err == nil {
		return nil
	}
	var re *readError
	if errors.As(err, &re) {
		return &clients.Error{Op: opParse, Kind: clients.KindUnavailable, Err: err}
	}
	return &clients.Error{Op: opParse, Kind: clients.KindMalformed, Err: fmt.Errorf("parsing metrics: %w", err)}
}

// checkType warns when one of the usage metrics is declared with a type other
// than gauge. The Metrics API serves every metric as a gauge; another type is
// tolerated (the values are read as they are) but worth a note.
func checkType(l lexedLine, warn func(string)) {
	name := string(l.typeName)
	if !isUsageMetric(name) {
		return
	}
	switch strings.ToLower(string(l.typeValue)) {
	case "gauge", "unknown", "untyped":
		return
	}
	warn(fmt.Sprintf("metric %s is declared as %q rather than a gauge; its values were read as gauges", name, clip(l.typeValue)))
}
