package slackbot

import (
	"fmt"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

var t0 = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

func boostStatus(phase workflows.BoostPhase) workflows.BoostStatus {
	return workflows.BoostStatus{
		Request: workflows.BoostRequest{
			Namespace: "orders-prod.a1b2c", TRUs: 4, End: t0.Add(2 * time.Hour),
			Reason: "Black Friday <launch> & promo", Requester: "U123", Channel: "C777",
		},
		Phase:             phase,
		Before:            clients.OnDemand(),
		Target:            clients.Provisioned(4),
		Observed:          clients.Provisioned(4),
		Verified:          phase == workflows.PhaseActive,
		End:               t0.Add(2 * time.Hour),
		StartedAt:         t0,
		Message:           "Capacity verified at 4 TRUs.",
		MinActionsPerHour: capacity.MinActionsPerHour(4),
		WorkflowID:        workflows.BoostWorkflowID("orders-prod.a1b2c"),
	}
}

func reportRows(n int, reasonLen int) []workflows.ReportRow {
	rows := make([]workflows.ReportRow, n)
	for i := range rows {
		rows[i] = workflows.ReportRow{
			Namespace: fmt.Sprintf("namespace-%04d.acct", i),
			Current:   clients.Provisioned(float64(2 + i%6)),
			APS:       float64(100 + i), APSLimit: 1000, ThrottledPerSec: float64(i % 3),
			Stats:       clients.APSStats{Mean: 90, P90: 150, P99: 400.5},
			Recommended: clients.OnDemand(), Action: workflows.ActionSwitchOnDemand,
			Reason:            strings.Repeat("usage is low; ", reasonLen/14+1)[:reasonLen],
			MinActionsPerHour: 0,
		}
	}
	if n > 2 {
		rows[1].Error = "GetNamespace: permission: denied"
		rows[2].Action, rows[2].Recommended = workflows.ActionKeep, rows[2].Current
	}
	return rows
}

func report(n, reasonLen int) workflows.AnalysisReport {
	return workflows.AnalysisReport{
		GeneratedAt: t0, Rows: reportRows(n, reasonLen),
		Summary:   workflows.ReportSummary{Namespaces: n, Switch: n - 2, Keep: 1, Unknown: 1},
		Warnings:  []string{"metrics incomplete (X-Completeness: partial)"},
		Simulated: true, Requester: "U123", Globs: []string{"orders-*"},
	}
}

func modalNamespace() *ModalNamespace {
	return &ModalNamespace{
		Name:     "orders-prod.a1b2c",
		Capacity: clients.NamespaceCapacity{Namespace: "orders-prod.a1b2c", Current: clients.OnDemand(), APSLimit: 500},
		Info: clients.CapacityInfo{
			Namespace: "orders-prod.a1b2c", Current: clients.OnDemand(),
			ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12, 16}, MaxAvailableTRUs: 10,
			APS: clients.APSStats{Mean: 120, P90: 310.4, P99: 480},
		},
	}
}

var modalOpts = ModalOptions{MaxTRUs: 8, MaxDuration: 72 * time.Hour, DefaultDuration: 2 * time.Hour, Simulated: true}
