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
	m.Preset(
		[]string{string(bot.KindAnalyze), string(bot.KindBoost), string(bot.KindStatus), string(bot.KindExtend),
			string(bot.KindSet), string(bot.KindRevert), string(bot.KindLeave), string(bot.KindHelp), string(bot.KindSchedule), string(bot.KindCheck),
			string(bot.KindHistory), string(bot.KindApprove), string(bot.KindDeny)},
		[]string{string(workflows.PhaseAwaitingApproval), string(workflows.PhaseApplying), string(workflows.PhaseActive), string(workflows.PhaseDeciding), string(workflows.PhaseReverting),
			string(workflows.PhaseDone), string(workflows.PhaseFailed), string(workflows.PhaseRefused)})
	return m
}
