package metrics

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/capacitybot/capacitybot/clients"
)

// opParse names parse failures in *clients.Error.
const opParse = "ParseMetrics"

// Parse reads a Metrics API response body (OpenMetrics 1.0 or Prometheus
// text) into per-namespace usage. Samples the bot cannot use (NaN, infinite
// or negative values) are skipped with a warning instead of failing the whole
// scrape; a body that is not valid exposition text fails with a
// KindMalformed *clients.Error naming the line. An empty body is an empty
// snapshot. The snapshot's Completeness is "unknown": only the HTTP response
// says otherwise, so FetchUsage sets it.
func Parse(r io.Reader) (clients.UsageSnapshot, error) {
	return parseSnapshot(parseFast, r)
}

func parseSnapshot(p parser, r io.Reader) (clients.UsageSnapshot, error) {
	agg := newAggregator()
	if err := classifyParseError(p(r, agg.add, agg.warn)); err != nil {
		return clients.UsageSnapshot{}, err
	}
	return agg.snapshot(), nil
}

// SumByNamespace sums every series of one metric per temporal_namespace label
// value, skipping NaN, infinite and negative samples. It exists for metrics
// outside the usage set (and for checking the parser against the reference
// implementation's fixtures).
func SumByNamespace(r io.Reader, metric string) (map[string]float64, error) {
	agg := &sumAggregator{metric: metric, sums: make(map[string]float64)}
	if err := classifyParseError(parseFast(r, agg.add, func(string) {})); err != nil {
		return nil, err
	}
	return agg.sums, nil
}

// parser is one implementation of the exposition parser: parseFast in
// production, parseExpfmt as the reference it is checked against.
type parser func(r io.Reader, add func(*sample), warn func(string)) error

// classifyParseError turns a parser failure into a *clients.Error: a body
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

// warnAfterEOF notes content after "# EOF", which OpenMetrics forbids; it is
// ignored rather than rejected because the data before it is complete.
func warnAfterEOF(rest []byte, warn func(string)) {
	if len(bytes.TrimSpace(rest)) > 0 {
		warn("ignored data after the # EOF line of the metrics response")
	}
}
