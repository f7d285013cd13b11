package bot

import (
	"math"
	"sort"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// HistoryOutcome is how a boost run ended, or that it still runs.
type HistoryOutcome string

// The outcomes a history row shows.
const (
	OutcomeRunning       HistoryOutcome = "running"
	OutcomeDone          HistoryOutcome = "done"
	OutcomeRevertedEarly HistoryOutcome = "reverted early"
	OutcomeCalledOff     HistoryOutcome = "called off"
	OutcomeDenied        HistoryOutcome = "denied"
	OutcomeExpired       HistoryOutcome = "approval expired"
	OutcomeCancelled     HistoryOutcome = "cancelled"
	OutcomeRefused       HistoryOutcome = "refused"
	OutcomeFailed        HistoryOutcome = "failed"
	OutcomeDryRun        HistoryOutcome = "dry run"
	OutcomePermanent     HistoryOutcome = "permanent"
	OutcomeUnknown       HistoryOutcome = "unknown"
)

// HistoryRow is one boost or permanent change as /capacity history shows
// it. Hours counts only the time the boosted capacity was in place
// (verified applied, until reverted or now); a permanent change has no
// end, so it counts no hours and carries no TRU-hours here.
type HistoryRow struct {
	Namespace string
	From, To  clients.Capacity
	Requester string
	// Approver is who approved the boost (or its schedule); empty when no
	// approval was needed.
	Approver   string
	Start, End time.Time // End zero: still running, or permanent
	Outcome    HistoryOutcome
	Scheduled  bool
	Permanent  bool
	Held       time.Duration
	// TRUHours is the boosted TRUs × hours held; TRUHoursAbove the part
	// above the TRUs the namespace had before (on-demand counts as none).
	TRUHours, TRUHoursAbove float64
	// MinActions is the cost floor carried: MinActionsPerHour × hours.
	MinActions float64
	// Money is MinActions at ACTION_PRICE_PER_MILLION; 0 when unknown.
	Money float64
}

// HistoryTotal adds up rows: of one namespace, or of all.
type HistoryTotal struct {
	Namespace               string // "" for the overall total
	Runs                    int
	Held                    time.Duration
	TRUHours, TRUHoursAbove float64
	MinActions, Money       float64
}

// HistoryReport is the answer to /capacity history: rows newest first,
// totals per namespace (by name) and overall, and what Temporal could see.
type HistoryReport struct {
	Glob  string
	Since time.Time
	Now   time.Time
	Rows  []HistoryRow
	// PerNamespace and Total add up the rows.
	PerNamespace []HistoryTotal
	Total        HistoryTotal
	// Retention is how far back Temporal keeps finished runs (0: unknown);
	// a Since further back cannot be seen in full.
	Retention        time.Duration
	SearchAttributes bool
	Truncated        bool
	// PricePerMillion is ACTION_PRICE_PER_MILLION (0: unknown).
	PricePerMillion float64
	Simulated       bool
}

// NewHistoryReport turns the runs Temporal listed into rows and totals.
func NewHistoryReport(list HistoryList, q HistoryQuery, now time.Time, price float64) HistoryReport {
	h := HistoryReport{Glob: q.Glob, Since: q.Since, Now: now, Retention: list.Retention,
		SearchAttributes: list.SearchAttributes, Truncated: list.Truncated, PricePerMillion: price}
	for _, r := range list.Runs {
		h.Rows = append(h.Rows, historyRow(r, now, price))
	}
	sort.SliceStable(h.Rows, func(i, j int) bool { return h.Rows[i].Start.After(h.Rows[j].Start) })
	byNS := map[string]*HistoryTotal{}
	for _, r := range h.Rows {
		t, ok := byNS[r.Namespace]
		if !ok {
			t = &HistoryTotal{Namespace: r.Namespace}
			byNS[r.Namespace] = t
		}
		t.add(r)
		h.Total.add(r)
	}
	for _, t := range byNS {
		h.PerNamespace = append(h.PerNamespace, *t)
	}
	sort.Slice(h.PerNamespace, func(i, j int) bool { return h.PerNamespace[i].Namespace < h.PerNamespace[j].Namespace })
	return h
}

func (t *HistoryTotal) add(r HistoryRow) {
	t.Runs++
	t.Held += r.Held
	t.TRUHours += r.TRUHours
	t.TRUHoursAbove += r.TRUHoursAbove
	t.MinActions += r.MinActions
	t.Money += r.Money
}

// historyRow computes one row. The capacity counts as held from when the
// change was applied (StartedAt) once verified, until it ended (EndedAt, or
// the workflow's close) or now while it runs.
func historyRow(r HistoryRun, now time.Time, price float64) HistoryRow {
	st := r.Status
	req := st.Request
	to := st.Target
	if to.Mode == "" {
		to = req.Target()
	}
	row := HistoryRow{Namespace: req.Namespace, From: st.Before, To: to, Requester: req.Requester, Approver: approverOf(st),
		Scheduled: r.Scheduled, Permanent: req.Permanent, Outcome: historyOutcome(r)}
	row.Start = st.StartedAt
	if row.Start.IsZero() {
		row.Start = r.WorkflowStart
	}
	switch {
	case r.Running:
	case !st.EndedAt.IsZero():
		row.End = st.EndedAt
	default:
		row.End = r.WorkflowClose
	}
	if req.Permanent || !st.Verified || st.StartedAt.IsZero() || st.DryRun {
		return row
	}
	end := row.End
	if end.IsZero() {
		end = now
	}
	if end.After(st.StartedAt) {
		row.Held = end.Sub(st.StartedAt)
	}
	hours := row.Held.Hours()
	trus := provisionedTRUs(to)
	row.TRUHours = trus * hours
	row.TRUHoursAbove = math.Max(0, trus-provisionedTRUs(st.Before)) * hours
	row.MinActions = capacity.MinActionsPerHour(trus) * hours
	if price > 0 {
		row.Money = capacity.Cost(row.MinActions, price)
	}
	return row
}

// provisionedTRUs is the TRUs of a provisioned capacity; on-demand and
// unknown have none.
func provisionedTRUs(c clients.Capacity) float64 {
	if c.Mode != clients.ModeProvisioned {
		return 0
	}
	return c.TRUs
}

func historyOutcome(r HistoryRun) HistoryOutcome {
	st := r.Status
	switch {
	case r.Running:
		return OutcomeRunning
	case r.Unreadable != "":
		return OutcomeUnknown
	case st.DryRun:
		return OutcomeDryRun
	}
	switch st.Phase {
	case workflows.PhaseRefused:
		return OutcomeRefused
	case workflows.PhaseFailed:
		return OutcomeFailed
	case workflows.PhaseDone:
	default:
		return OutcomeUnknown
	}
	if st.Request.Permanent {
		return OutcomePermanent
	}
	switch st.EndReason {
	case workflows.EndRevertedEarly:
		return OutcomeRevertedEarly
	case workflows.EndCalledOff:
		return OutcomeCalledOff
	case workflows.EndDenied:
		return OutcomeDenied
	case workflows.EndExpired:
		return OutcomeExpired
	case workflows.EndCancelled:
		return OutcomeCancelled
	}
	return OutcomeDone
}

// approverOf is who approved a boost: its approval's approver, or, for a
// scheduled run, the schedule's.
func approverOf(st workflows.BoostStatus) string {
	if a := st.Approval; a != nil && a.Decision == workflows.ApprovalGranted {
		return a.DecidedBy
	}
	return st.Request.ApprovedBy
}
