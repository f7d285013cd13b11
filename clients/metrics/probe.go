package metrics

import (
	"sort"
	"strings"

	dto "github.com/prometheus/client_model/go"
)

// countPoints counts the data points of the families and, when asked, the
// distinct series among them (a series is a metric name and a label set;
// one series may carry several timestamped points).
func countPoints(families map[string]*dto.MetricFamily, countSeries bool) (points, series int) {
	seen := map[string]bool{}
	for name, f := range families {
		points += len(f.GetMetric())
		if !countSeries {
			continue
		}
		for _, m := range f.GetMetric() {
			seen[seriesKey(name, m)] = true
		}
	}
	return points, len(seen)
}

// seriesKey is a metric name with its labels sorted by name.
func seriesKey(name string, m *dto.Metric) string {
	labels := make([]string, 0, len(m.GetLabel()))
	for _, lp := range m.GetLabel() {
		labels = append(labels, lp.GetName()+"="+lp.GetValue())
	}
	sort.Strings(labels)
	return name + "{" + strings.Join(labels, ",") + "}"
}

// pointsByLabel is how many points each temporal_namespace label value
// returned, what the next scrape's batches are sized from.
func pointsByLabel(families map[string]*dto.MetricFamily) knowledge {
	out := knowledge{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			for _, lp := range m.GetLabel() {
				if lp.GetName() == labelNamespace {
					out[lp.GetValue()]++
					break
				}
			}
		}
	}
	return out
}
