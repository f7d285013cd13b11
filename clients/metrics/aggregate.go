package metrics

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// Label names the aggregation reads.
const (
	labelNamespace     = "temporal_namespace"
	labelIsBackground  = "is_background"
	labelNamespaceMode = "namespace_mode"
)

// maxWarnings bounds the warnings one snapshot carries: a payload of 30,000
// NaN samples must not turn into 30,000 Slack lines.
const maxWarnings = 20

// sample is one parsed data point, whatever parser produced it.
type sample struct {
	name string
	// namespace is the temporal_namespace label value, empty when absent. It
	// may alias the parser's buffers: copy it to keep it past add.
	namespace []byte
	// isBackground and mode are the raw label values ("" when absent).
	isBackground string
	mode         string
	value        float64
	tsMs         int64
	hasTS        bool
}

// aggregator folds samples into a UsageSnapshot.
type aggregator struct {
	namespaces map[string]*nsEntry
	last       *nsEntry // the previous sample's namespace: consecutive samples usually share it
	// lastMetric and lastKind cache the previous sample's metric: the
	// parser hands consecutive samples of one metric the same string, so
	// the comparison is a pointer check rather than a switch over names.
	lastMetric string
	lastKind   metricKind
	warnings   []string
	seenWarn   map[string]bool
	dropped    int
}

// nsEntry is one namespace's running totals.
type nsEntry struct {
	usage    clients.NamespaceUsage
	latestMs int64
	hasTS    bool
}

func newAggregator() *aggregator {
	return &aggregator{
		namespaces: make(map[string]*nsEntry),
		seenWarn:   make(map[string]bool),
	}
}

func (a *aggregator) entry(ns []byte) *nsEntry {
	if a.last != nil && a.last.usage.Namespace == string(ns) {
		return a.last
	}
	e := a.namespaces[string(ns)]
	if e == nil {
		name := string(ns)
		e = &nsEntry{usage: clients.NamespaceUsage{Namespace: name}}
		a.namespaces[name] = e
	}
	a.last = e
	return e
}

func (a *aggregator) warn(msg string) {
	if a.seenWarn[msg] {
		return
	}
	if len(a.warnings) >= maxWarnings {
		a.dropped++
		return
	}
	a.seenWarn[msg] = true
	a.warnings = append(a.warnings, msg)
}

// usable reports whether a sample's value may enter a sum or a max, warning
// when it may not. NaN or infinity would poison every sum it touches, and a
// negative rate or limit has no meaning, so such samples are skipped rather
// than failing the whole scrape.
func (a *aggregator) usable(s *sample) bool {
	switch {
	case math.IsNaN(s.value):
		a.warn(fmt.Sprintf("skipped a NaN value of %s for namespace %s", s.name, s.namespace))
	case math.IsInf(s.value, 0):
		a.warn(fmt.Sprintf("skipped an infinite value of %s for namespace %s", s.name, s.namespace))
	case s.value < 0:
		a.warn(fmt.Sprintf("skipped a negative value of %s for namespace %s", s.name, s.namespace))
	default:
		return true
	}
	return false
}

// add folds one sample in. Samples of other metrics and samples without a
// temporal_namespace label are ignored.
func (a *aggregator) add(s *sample) {
	if s.name != a.lastMetric {
		a.lastMetric, a.lastKind = s.name, kindOf(s.name)
	}
	kind := a.lastKind
	if len(s.namespace) == 0 || kind == metricOther || !a.usable(s) {
		return
	}
	// A standby replica of a multi-region namespace reports the actions it
	// replicates from the active one. Counting them too would double the
	// namespace's usage, and the limit is enforced on the active side. They
	// are dropped before the namespace is recorded, so that a namespace seen
	// only through standby series is absent rather than shown as idle.
	if kind == metricActionCount && strings.EqualFold(s.mode, "standby") {
		return
	}
	e := a.entry(s.namespace)
	if s.hasTS && (!e.hasTS || s.tsMs > e.latestMs) {
		e.latestMs, e.hasTS = s.tsMs, true
	}
	u := &e.usage
	switch kind {
	case metricActionCount:
		// Only foreground actions count against the action limit. A series
		// without the label is counted as foreground, so that a payload
		// predating the label is not read as zero usage.
		if strings.EqualFold(s.isBackground, "true") {
			u.BackgroundAPS += s.value
		} else {
			u.ActionsPerSecond += s.value
		}
	case metricActionThrottled:
		u.ThrottledPerSecond += s.value
	// Limits, TRU counts and envelopes are values, not rates: several series
	// (one per region, say) each state the namespace's setting, so adding
	// them would multiply the limit. The largest is what the namespace has.
	case metricActionLimit:
		u.ActionLimit = math.Max(u.ActionLimit, s.value)
	case metricProvisionedTRUs:
		u.ProvisionedTRUs = math.Max(u.ProvisionedTRUs, s.value)
	case metricOnDemandEnvelopeLimit:
		u.OnDemandEnvelopeLimit = math.Max(u.OnDemandEnvelopeLimit, s.value)
	}
}

// metricKind identifies the usage metrics; metricOther is any other.
type metricKind int8

const (
	metricOther metricKind = iota
	metricActionCount
	metricActionLimit
	metricActionThrottled
	metricProvisionedTRUs
	metricOnDemandEnvelopeLimit
)

func kindOf(name string) metricKind {
	switch name {
	case clients.MetricActionCount:
		return metricActionCount
	case clients.MetricActionLimit:
		return metricActionLimit
	case clients.MetricActionThrottled:
		return metricActionThrottled
	case clients.MetricProvisionedTRUs:
		return metricProvisionedTRUs
	case clients.MetricOnDemandEnvelopeLimit:
		return metricOnDemandEnvelopeLimit
	}
	return metricOther
}

func (a *aggregator) snapshot() clients.UsageSnapshot {
	snap := clients.UsageSnapshot{
		Namespaces:   make(map[string]clients.NamespaceUsage, len(a.namespaces)),
		Completeness: "unknown",
	}
	for ns, e := range a.namespaces {
		u := e.usage
		if e.hasTS {
			u.Timestamp = time.UnixMilli(e.latestMs).UTC()
		}
		snap.Namespaces[ns] = u
	}
	snap.Warnings = append(snap.Warnings, a.warnings...)
	if a.dropped > 0 {
		snap.Warnings = append(snap.Warnings, fmt.Sprintf("%d more warnings about the metrics data were left out", a.dropped))
	}
	return snap
}

func isUsageMetric(name string) bool { return kindOf(name) != metricOther }

// sumAggregator sums one metric per namespace; it backs SumByNamespace.
type sumAggregator struct {
	metric string
	sums   map[string]float64
}

func (a *sumAggregator) add(s *sample) {
	if s.name != a.metric || len(s.namespace) == 0 {
		return
	}
	if math.IsNaN(s.value) || math.IsInf(s.value, 0) || s.value < 0 {
		return
	}
	a.sums[string(s.namespace)] += s.value
}
