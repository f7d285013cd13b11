package metrics

import (
	"fmt"
	"math"
	"slices"
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

// sample is one parsed data point.
type sample struct {
	name string
	// namespace, isBackground and mode are the temporal_namespace,
	// is_background and namespace_mode label values ("" when absent).
	namespace    string
	isBackground string
	mode         string
	value        float64
	tsMs         int64
	hasTS        bool
}

// aggregator folds samples into a UsageSnapshot.
type aggregator struct {
	namespaces map[string]*nsEntry
	warnings   []string
	seenWarn   map[string]bool
	dropped    int
}

// nsEntry is one namespace's running totals.
type nsEntry struct {
	usage    clients.NamespaceUsage
	latestMs int64
	hasTS    bool
	// unreadable are the reasons its usage cannot be used, in any order.
	unreadable []string
}

func newAggregator() *aggregator {
	return &aggregator{
		namespaces: make(map[string]*nsEntry),
		seenWarn:   make(map[string]bool),
	}
}

func (a *aggregator) entry(ns string) *nsEntry {
	e := a.namespaces[ns]
	if e == nil {
		e = &nsEntry{usage: clients.NamespaceUsage{Namespace: ns}}
		a.namespaces[ns] = e
	}
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

// unusable says why a sample's value may not enter a sum or a max ("" when
// it may). NaN or infinity would poison every sum it touches, and a negative
// rate or limit has no meaning.
func unusable(v float64) string {
	switch {
	case math.IsNaN(v):
		return "a NaN"
	case math.IsInf(v, 0):
		return "an infinite"
	case v < 0:
		return "a negative"
	}
	return ""
}

// markUnreadable records why a namespace's usage cannot be used, and warns.
// The namespace stays in the snapshot, so that it is shown as unreadable
// rather than missing or idle.
func (a *aggregator) markUnreadable(e *nsEntry, reason string) {
	if !slices.Contains(e.unreadable, reason) {
		e.unreadable = append(e.unreadable, reason)
	}
	a.warn(fmt.Sprintf("namespace %s: %s", e.usage.Namespace, reason))
}

// add folds one sample in. Samples of other metrics and samples without a
// temporal_namespace label are ignored. A sample whose value is unusable is
// skipped rather than failing the whole scrape, and marks its namespace
// unreadable.
func (a *aggregator) add(s *sample) {
	kind := kindOf(s.name)
	if len(s.namespace) == 0 || kind == metricOther {
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
	if why := unusable(s.value); why != "" {
		a.markUnreadable(e, fmt.Sprintf("the Metrics API served %s value of %s", why, s.name))
		return
	}
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
			a.addRate(e, &u.BackgroundAPS, s)
		} else {
			a.addRate(e, &u.ActionsPerSecond, s)
		}
	case metricActionThrottled:
		a.addRate(e, &u.ThrottledPerSecond, s)
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

// addRate adds a sample to a namespace's rate, unless the sum would overflow
// to infinity: each value is finite, but two near the float64 limit are not
// a rate the bot can act on.
func (a *aggregator) addRate(e *nsEntry, sum *float64, s *sample) {
	if math.IsInf(*sum+s.value, 0) {
		a.markUnreadable(e, fmt.Sprintf("the values of %s add up to infinity", s.name))
		return
	}
	*sum += s.value
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
		if len(e.unreadable) > 0 {
			slices.Sort(e.unreadable) // samples arrive in no fixed order
			u.Unreadable = strings.Join(e.unreadable, "; ")
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
