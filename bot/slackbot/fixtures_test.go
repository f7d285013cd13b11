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

// finalStatuses are a boost in each way it can end, as the workflow leaves
// its status, by golden file name.
func finalStatuses() map[string]workflows.BoostStatus {
	ended := func(at time.Duration, reason workflows.BoostEndReason, by, message string) workflows.BoostStatus {
		st := boostStatus(workflows.PhaseDone)
		st.Observed, st.Reverted, st.Verified = clients.OnDemand(), true, true
		st.EndedAt, st.EndReason, st.EndedBy, st.Message = t0.Add(at), reason, by, message
		return st
	}
	done := ended(2*time.Hour+time.Minute, workflows.EndTimeReached, "",
		"orders-prod.a1b2c is back to on-demand (verified). The boost lasted 2h1m.")
	early := ended(40*time.Minute, workflows.EndRevertedEarly, "U456",
		"orders-prod.a1b2c is back to on-demand (verified). The boost lasted 40m.")
	cancelled := ended(time.Hour, workflows.EndCancelled, "",
		"orders-prod.a1b2c is back to on-demand (verified). The boost lasted 1h.")
	calledOff := ended(10*time.Minute, workflows.EndCalledOff, "U456",
		"Called off before it started (requested by <@U456>). Nothing was changed.")
	calledOff.StartedAt, calledOff.Reverted, calledOff.Request.Start = time.Time{}, false, t0.Add(time.Hour)

	failed := boostStatus(workflows.PhaseFailed)
	failed.Error = "Could not boost orders-prod.a1b2c to 4 TRUs: UpdateNamespace: invalid: 16 TRUs is not available. orders-prod.a1b2c is still at on-demand; nothing was changed."
	failed.Observed, failed.EndedAt = clients.OnDemand(), t0.Add(2*time.Minute)
	revertFailed := boostStatus(workflows.PhaseFailed)
	revertFailed.Error = "Could not return orders-prod.a1b2c to on-demand after 1d of tries; it was last seen at 4 TRUs. Please set it by hand."
	revertFailed.EndedAt, revertFailed.EndReason = t0.Add(26*time.Hour), workflows.EndTimeReached

	refused := boostStatus(workflows.PhaseRefused)
	refused.StartedAt, refused.EndedAt, refused.Verified = time.Time{}, t0, false
	refused.Error = "A capacity change for orders-prod.a1b2c is already in progress."

	outside := func(d workflows.ExternalDecision, by string, timedOut bool) *workflows.ExternalChange {
		return &workflows.ExternalChange{Found: clients.Provisioned(6), DetectedAt: t0.Add(2 * time.Hour), DecideBy: t0.Add(3 * time.Hour),
			Decision: d, DecidedBy: by, TimedOut: timedOut}
	}
	anyway := ended(2*time.Hour+20*time.Minute, workflows.EndRevertedAnyway, "U456",
		"orders-prod.a1b2c is back to on-demand (verified). The boost lasted 2h20m.")
	anyway.ExternalChange = outside(workflows.DecisionRevertAnyway, "U456", false)
	leftBy := ended(2*time.Hour+20*time.Minute, workflows.EndLeftAsIs, "U456",
		"Left orders-prod.a1b2c at 6 TRUs, as changed outside the bot (<@U456> chose to leave it as is); it was not reverted to on-demand. The boost lasted 2h20m.")
	leftBy.Observed, leftBy.Reverted, leftBy.ExternalChange = clients.Provisioned(6), false, outside(workflows.DecisionLeaveAsIs, "U456", false)
	leftAlone := ended(3*time.Hour, workflows.EndLeftAsIs, "",
		"Left orders-prod.a1b2c at 6 TRUs, as changed outside the bot (no decision came within 1h); it was not reverted to on-demand. The boost lasted 3h.")
	leftAlone.Observed, leftAlone.Reverted, leftAlone.ExternalChange = clients.Provisioned(6), false, outside(workflows.DecisionLeaveAsIs, "", true)

	dry := boostStatus(workflows.PhaseDone)
	dry.DryRun, dry.StartedAt, dry.EndedAt = true, time.Time{}, t0
	dry.Message = "Dry run: would set orders-prod.a1b2c from on-demand to 4 TRUs until 20:00 UTC. Nothing was changed."
	out := map[string]workflows.BoostStatus{
		"done": done, "done_reverted_early": early, "done_cancelled": cancelled, "called_off": calledOff,
		"failed": failed, "failed_revert": revertFailed, "refused": refused, "dryrun_done": dry,
		"done_reverted_anyway": anyway, "done_left_as_is": leftBy, "done_left_no_decision": leftAlone,
	}
	for name, st := range approvalEndings() {
		out[name] = st
	}
	return out
}

// decidingStatus is a boost that found its capacity changed outside the bot
// (6 TRUs) before its revert, waiting for a decision.
func decidingStatus() workflows.BoostStatus {
	st := boostStatus(workflows.PhaseDeciding)
	st.Observed, st.Verified = clients.Provisioned(6), true
	st.ExternalChange = &workflows.ExternalChange{Found: clients.Provisioned(6), DetectedAt: t0.Add(2 * time.Hour), DecideBy: t0.Add(3 * time.Hour)}
	st.Message = externalChangeText
	return st
}

// externalChangeText is what the workflow says when it finds an outside change.
const externalChangeText = "Before reverting (the end time was reached), orders-prod.a1b2c was found at 6 TRUs instead of the boost's 4 TRUs: " +
	"its capacity was changed outside the bot during the boost (by Terraform, tcld or the Cloud UI, for example). " +
	"It was not reverted to on-demand, so as not to overwrite that change. Revert it anyway, or leave it as is? Without a decision by 21:00 UTC it is left as is."

// externalChangeAlert is the alert about that change, with its choice.
func externalChangeAlert() workflows.Alert {
	st := decidingStatus()
	return workflows.Alert{Namespace: st.Request.Namespace, Requester: "U123", Severity: workflows.SeverityWarning,
		Title: "Capacity of orders-prod.a1b2c changed outside the bot during its boost", Text: externalChangeText,
		Thread: workflows.MessageRef{Channel: "C777", TS: "1700000000.000100"}, WorkflowID: st.WorkflowID, ExternalChange: st.ExternalChange}
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
