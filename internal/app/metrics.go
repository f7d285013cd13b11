package app

import (
	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// NewMetrics creates the process's collectors with the commands and boost
// phases preset at zero, so that /metrics names every series the dashboard
// and alert rules use from the start (deploy/ checks it).
func NewMetrics() *telemetry.Metrics {
	m := telemetry.New()
	var kinds, phases []string
	for _, k := range bot.Kinds() {
		kinds = append(kinds, string(k))
	}
	for _, p := range workflows.ReportedPhases() {
		phases = append(phases, string(p))
	}
	m.Preset(kinds, phases)
	return m
}
