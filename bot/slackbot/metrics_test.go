package slackbot

import (
	"testing"

	dto "github.com/prometheus/client_model/go"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

func histogramCount(t *testing.T, m *telemetry.Metrics) uint64 {
	t.Helper()
	var out dto.Metric
	if err := m.AckLatency.Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.GetHistogram().GetSampleCount()
}

func counterValue(t *testing.T, m *telemetry.Metrics, method string) float64 {
	t.Helper()
	var out dto.Metric
	if err := m.SlackRateWaits.WithLabelValues(method).Write(&out); err != nil {
		t.Fatal(err)
	}
	return out.GetCounter().GetValue()
}

func socketGauge(t *testing.T, m *telemetry.Metrics, name string) float64 {
	t.Helper()
	fams, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range fams {
		if f.GetName() == name {
			return f.GetMetric()[0].GetGauge().GetValue()
		}
	}
	t.Fatalf("%s not served", name)
	return 0
}
