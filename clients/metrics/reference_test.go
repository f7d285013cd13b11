package metrics

import (
	"fmt"
	"io"
	"math"
	"strings"
	"testing"
)

// sumByNamespace sums every series of one metric per temporal_namespace
// label value, skipping NaN, infinite and negative samples, so that the
// parser can be checked against the reference implementation's fixtures,
// which use metrics outside the usage set.
func sumByNamespace(r io.Reader, metric string) (map[string]float64, error) {
	sums := make(map[string]float64)
	add := func(s *sample) {
		if s.name != metric || s.namespace == "" || math.IsNaN(s.value) || math.IsInf(s.value, 0) || s.value < 0 {
			return
		}
		sums[s.namespace] += s.value
	}
	if err := decode(r, formatOpenMetrics, add, func(string) {}); err != nil {
		return nil, err
	}
	return sums, nil
}

// The payloads of the Python reference's tests/test_openmetrics.py, verbatim.
const (
	referencePayload1 = `# TYPE temporal_cloud_v1_workflow_success_count gauge
# HELP temporal_cloud_v1_workflow_success_count The number of successful workflows per second
temporal_cloud_v1_workflow_success_count{temporal_namespace="production",temporal_workflow_type="payment-processing",region="aws-us-west-2"} 0.0116 1609459200000
temporal_cloud_v1_workflow_success_count{temporal_namespace="production",temporal_workflow_type="order-fulfillment",region="aws-us-west-2"} 0.0355 1609459200000
temporal_cloud_v1_workflow_success_count{temporal_namespace="staging",temporal_workflow_type="test-workflow",region="aws-us-west-2"} 0.001 1609459200000
# TYPE temporal_cloud_v1_workflow_failed_count gauge
# HELP temporal_cloud_v1_workflow_failed_count The number of failed workflows per second
temporal_cloud_v1_workflow_failed_count{temporal_namespace="production",temporal_workflow_type="payment-processing",region="aws-us-west-2"} 0.0001 1609459200000
# TYPE temporal_cloud_v1_resource_exhausted_count gauge
# HELP temporal_cloud_v1_resource_exhausted_count Resource exhausted errors per second
temporal_cloud_v1_resource_exhausted_count{temporal_namespace="production",region="aws-us-west-2"} 0.005 1609459200000
`
	referencePayload2 = `temporal_cloud_v1_workflow_success_count{temporal_namespace="other-namespace"} 1.0 1609459200000
temporal_cloud_v1_workflow_success_count{temporal_namespace="production"} 2.0 1609459200000
`
)

func TestSumByNamespaceReferencePayloads(t *testing.T) {
	tests := []struct {
		payload string
		metric  string
		want    map[string]float64
	}{
		{referencePayload1, "temporal_cloud_v1_workflow_success_count", map[string]float64{"production": 0.0471, "staging": 0.001}},
		{referencePayload1, "temporal_cloud_v1_workflow_failed_count", map[string]float64{"production": 0.0001}},
		{referencePayload1, "temporal_cloud_v1_resource_exhausted_count", map[string]float64{"production": 0.005}},
		{referencePayload1, mCount, map[string]float64{}},
		{referencePayload2, "temporal_cloud_v1_workflow_success_count", map[string]float64{"other-namespace": 1.0, "production": 2.0}},
	}
	for _, tt := range tests {
		t.Run(tt.metric, func(t *testing.T) {
			got, err := sumByNamespace(strings.NewReader(tt.payload), tt.metric)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for ns, w := range tt.want {
				if !approxEqual(got[ns], w) {
					t.Errorf("%s = %v, want %v", ns, got[ns], w)
				}
			}
		})
	}
}

// TestParseReferenceFixtures writes the reference's mocked bulk-analysis
// fixtures (tests/test_bulk_capacity_analysis.py) as OpenMetrics text with
// the real metric names.
func TestParseReferenceFixtures(t *testing.T) {
	type row struct {
		ns           string
		limit, count float64
	}
	fixtures := [][]row{
		{{"namespace1.account", 500, 250}, {"namespace2.account", 1500, 1200}},
		{{"heavy-namespace.account", 500, 1200}},
		{{"light-namespace.account", 500, 150}},
		{{"scaling-down-namespace.account", 2500, 200}},
		{{"stable-namespace.account", 1500, 1200}},
	}
	for i, rows := range fixtures {
		t.Run(fmt.Sprint("fixture", i+1), func(t *testing.T) {
			var b strings.Builder
			b.WriteString("# TYPE " + mLimit + " gauge\n")
			for _, r := range rows {
				fmt.Fprintf(&b, "%s{temporal_namespace=%q,temporal_account=\"account\"} %g 1609459200000\n", mLimit, r.ns, r.limit)
			}
			b.WriteString("# TYPE " + mCount + " gauge\n")
			for _, r := range rows {
				fmt.Fprintf(&b, "%s{temporal_namespace=%q,is_background=\"false\",namespace_mode=\"active\"} %g 1609459200000\n", mCount, r.ns, r.count)
			}
			b.WriteString("# EOF\n")
			snap, err := Parse(strings.NewReader(b.String()))
			if err != nil {
				t.Fatal(err)
			}
			if len(snap.Namespaces) != len(rows) {
				t.Fatalf("got %d namespaces, want %d", len(snap.Namespaces), len(rows))
			}
			for _, r := range rows {
				u, ok := snap.Namespaces[r.ns]
				if !ok {
					t.Fatalf("namespace %s missing", r.ns)
				}
				if u.ActionLimit != r.limit || u.ActionsPerSecond != r.count {
					t.Errorf("%s: limit %v count %v, want %v %v", r.ns, u.ActionLimit, u.ActionsPerSecond, r.limit, r.count)
				}
			}
		})
	}
}
