// Package workflows holds the durable parts of the bot: four workflow types
// and the activities they run. AnalysisWorkflow gathers usage and capacity
// and posts the report (started by /capacity analyze, and by a schedule for
// the scheduled report); BoostWorkflow applies a boost, holds it, reverts it
// and verifies each change, or, for a permanent change (/capacity set),
// applies and verifies it and ends; ScheduledBoostWorkflow is what a boost schedule
// starts, re-checking its creator before starting a boost; and
// ThrottleWatchWorkflow watches for throttling and continues as new. The bot
// (Slack or console) only starts, queries and updates these workflows;
// everything that changes the world runs here as an activity, so that it is
// retried and survives a crash. README.md beside this file says how to change
// a workflow without breaking the runs already in flight.
package workflows

import (
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// Workflow, query and update names shared by the worker and the bot.
const (
	AnalysisWorkflowName = "CapacityAnalysis"
	BoostWorkflowName    = "CapacityBoost"

	QueryStatus     = "status"
	UpdateExtend    = "extend"
	UpdateRevertNow = "revert_now"

	boostIDPrefix = "capacity-boost-"
)

// BoostWorkflowID is the workflow ID of a namespace's boost. One ID per
// namespace is what guarantees at most one running boost per namespace, across
// replicas and redelivered Slack envelopes.
func BoostWorkflowID(namespace string) string { return boostIDPrefix + namespace }

// NamespaceFromBoostID is the inverse of BoostWorkflowID.
func NamespaceFromBoostID(id string) (string, bool) {
	return strings.CutPrefix(id, boostIDPrefix)
}

// AnalysisWorkflowID derives the analysis workflow ID from the Slack request
// (channel and trigger), so a redelivered envelope starts nothing twice.
func AnalysisWorkflowID(channel, requestKey string) string {
	return "capacity-analyze-" + channel + "-" + requestKey
}

// AnalysisRequest asks for a capacity analysis of the namespaces matching Globs
// (all allowed namespaces when empty), posted to Channel.
type AnalysisRequest struct {
	Globs     []string `json:"globs,omitempty"`
	Channel   string   `json:"channel"`
	Requester string   `json:"requester"`
	// Post is false when the caller only wants the report value back.
	Post bool `json:"post"`
}

// ReportRow is one namespace's line in the analysis report.
type ReportRow struct {
	Namespace       string           `json:"namespace"`
	Current         clients.Capacity `json:"current"`
	APS             float64          `json:"aps"`
	APSLimit        float64          `json:"apsLimit"`
	ThrottledPerSec float64          `json:"throttledPerSec"`
	Stats           clients.APSStats `json:"stats"`
	Recommended     clients.Capacity `json:"recommended"`
	Action          Action           `json:"action"`
	Reason          string           `json:"reason"`
	// MinActionsPerHour is the hourly minimum-actions floor the recommended
	// capacity implies (each TRU beyond the first carries 360,000 actions/hour).
	MinActionsPerHour float64 `json:"minActionsPerHour"`
	// Error is set when the namespace's data could not be read; Current and
	// Recommended are then ModeUnknown.
	Error string `json:"error,omitempty"`
	// UsageUnreadable says why the Metrics API's samples for the namespace
	// could not be used (NaN, infinite, negative); APS and ThrottledPerSec
	// are then not known, not zero, and nothing is recommended.
	UsageUnreadable string `json:"usageUnreadable,omitempty"`
}

// Action is what the recommendation asks a person to do.
type Action string

// Recommendation actions.
const (
	ActionKeep            Action = "keep"
	ActionSwitchProvision Action = "switch-to-provisioned"
	ActionSwitchOnDemand  Action = "switch-to-on-demand"
	ActionAdd             Action = "add-trus"
	ActionReduce          Action = "reduce-trus"
	ActionUnknown         Action = "unknown"
)

// Changes reports whether the recommendation is a change of capacity, one
// a report's Apply button (or /capacity set) can make.
func (a Action) Changes() bool {
	switch a {
	case ActionSwitchProvision, ActionSwitchOnDemand, ActionAdd, ActionReduce:
		return true
	}
	return false
}

// NeedsAction reports whether a report row with this action asks a person to
// act: a change to make, or a namespace nothing could be recommended for.
// These rows lead a report too large to show whole.
func (a Action) NeedsAction() bool { return a != ActionKeep }

// ReportSummary counts the recommendations by kind.
type ReportSummary struct {
	Namespaces int `json:"namespaces"`
	Switch     int `json:"switch"` // change of mode either way
	Add        int `json:"add"`
	Reduce     int `json:"reduce"`
	Keep       int `json:"keep"`
	Unknown    int `json:"unknown"`
}

// AnalysisReport is the result of an analysis.
type AnalysisReport struct {
	GeneratedAt time.Time     `json:"generatedAt"`
	Rows        []ReportRow   `json:"rows"`
	Summary     ReportSummary `json:"summary"`
	Warnings    []string      `json:"warnings,omitempty"`
	Simulated   bool          `json:"simulated"`
	Globs       []string      `json:"globs,omitempty"`
	Requester   string        `json:"requester,omitempty"`
	// ActionPricePerMillion (0: unknown), filled in by the chat side from
	// ACTION_PRICE_PER_MILLION, turns each row's floor into money.
	ActionPricePerMillion float64 `json:"actionPricePerMillion,omitempty"`
}

// BoostRequest asks for a namespace to be raised to TRUs between Start (zero:
// now) and End (zero: no automatic revert).
type BoostRequest struct {
	Namespace string    `json:"namespace"`
	TRUs      float64   `json:"trus"`
	Start     time.Time `json:"start,omitempty"`
	End       time.Time `json:"end,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	Requester string    `json:"requester"` // Slack user ID (or the console user)
	Channel   string    `json:"channel"`   // where the root message and thread go
	DryRun    bool      `json:"dryRun,omitempty"`
	// Permanent makes the request a permanent change (/capacity set, or the
	// form's "keep"): validated, applied and verified like a boost, then
	// done, with no hold and no revert. Start and End are then zero. False
	// (and absent from runs started before it existed) is a boost.
	Permanent bool `json:"permanent,omitempty"`
	// OnDemand makes on-demand the target instead of TRUs; only a permanent
	// change may ask for it.
	OnDemand bool `json:"onDemand,omitempty"`
	// Report is the capacity report whose Apply button asked for this
	// change: its row is updated with the outcome when the change ends.
	Report *MessageRef `json:"report,omitempty"`
	// Length is the boost's length when it was given as one ("for 2h",
	// or the default) rather than as an end time: a boost that waits for
	// approval then lasts Length from its approval. Zero keeps End as is.
	Length time.Duration `json:"length,omitempty"`
	// NeedsApproval is set on a request from someone who may not boost
	// but may request one (ALLOW_BOOST_REQUESTS): it always waits for an
	// approver, whatever its size.
	NeedsApproval bool `json:"needsApproval,omitempty"`
	// ApprovedBy is set on a scheduled run's boost whose schedule was
	// approved when it was created: it does not wait for approval again,
	// and its status records that approver.
	ApprovedBy string `json:"approvedBy,omitempty"`
}

// Noun names the request in messages, capitalised: "Boost", or "Change"
// for a permanent change. Every adapter and the workflow's own steps use
// it, so a permanent change is never called a boost.
func (r BoostRequest) Noun() string {
	if r.Permanent {
		return "Change"
	}
	return "Boost"
}

// Target is the capacity the request asks for.
func (r BoostRequest) Target() clients.Capacity {
	if r.OnDemand {
		return clients.OnDemand()
	}
	return clients.Provisioned(r.TRUs)
}

// BoostPhase is where a boost is in its life.
type BoostPhase string

// Boost phases, in order. Done, Failed and Refused are final.
const (
	PhasePlanned   BoostPhase = "planned"
	PhaseWaiting   BoostPhase = "waiting-to-start"
	PhaseApplying  BoostPhase = "applying"
	PhaseActive    BoostPhase = "active"
	PhaseReverting BoostPhase = "reverting"
	PhaseDone      BoostPhase = "done"
	PhaseFailed    BoostPhase = "failed"
	PhaseRefused   BoostPhase = "refused"
)

// ReportedPhases are the phases a boost reports as steps in its thread
// (and counts in the metrics as it enters them, which preset them at zero).
func ReportedPhases() []BoostPhase {
	return []BoostPhase{PhaseAwaitingApproval, PhaseApplying, PhaseActive, PhaseDeciding, PhaseReverting,
		PhaseDone, PhaseFailed, PhaseRefused}
}

// Final reports whether the boost has ended.
func (p BoostPhase) Final() bool {
	return p == PhaseDone || p == PhaseFailed || p == PhaseRefused
}

// BoostStatus is the live state of a boost, answered by the status query and
// rendered as the root message.
type BoostStatus struct {
	Request   BoostRequest     `json:"request"`
	Phase     BoostPhase       `json:"phase"`
	Before    clients.Capacity `json:"before"` // the revert target
	Target    clients.Capacity `json:"target"`
	Observed  clients.Capacity `json:"observed"` // last verified capacity
	End       time.Time        `json:"end,omitempty"`
	StartedAt time.Time        `json:"startedAt,omitempty"`
	Message   string           `json:"message,omitempty"` // last step in words
	Error     string           `json:"error,omitempty"`
	DryRun    bool             `json:"dryRun,omitempty"`
	Simulated bool             `json:"simulated,omitempty"`
	Reverted  bool             `json:"reverted"`
	Verified  bool             `json:"verified"`
	// MinActionsPerHour is the cost floor of the boosted capacity.
	MinActionsPerHour float64 `json:"minActionsPerHour"`
	WorkflowID        string  `json:"workflowId"`
	// ActionPricePerMillion (0: unknown), filled in by the chat side from
	// ACTION_PRICE_PER_MILLION, turns the floor into money.
	ActionPricePerMillion float64 `json:"actionPricePerMillion,omitempty"`
	// EndedAt is when the boost reached its final phase (verified revert,
	// refusal, failure, dry run, called off), so a final message can say
	// when it really ended rather than the planned End. Zero while it runs,
	// and in the status of runs from before the field existed.
	EndedAt time.Time `json:"endedAt,omitempty"`
	// EndReason is why a boost that was running or waiting ended; empty
	// for a refusal, a failure before any change and a dry run, whose phase
	// says it all.
	EndReason BoostEndReason `json:"endReason,omitempty"`
	// EndedBy is who ended the boost early (a Slack user ID), with
	// EndRevertedEarly and EndCalledOff.
	EndedBy string `json:"endedBy,omitempty"`
	// ExternalChange is set when the capacity was found changed outside the
	// bot before the revert; nil otherwise, and in runs from before it.
	ExternalChange *ExternalChange `json:"externalChange,omitempty"`
	// Approval is the boost's request for approval (or its extension's),
	// nil when none was needed, and in runs from before approvals existed.
	Approval *Approval `json:"approval,omitempty"`
}

// BoostEndReason says why a boost ended.
type BoostEndReason string

// The reasons a boost ends.
const (
	// EndTimeReached: its end time came and it was reverted.
	EndTimeReached BoostEndReason = "end-time-reached"
	// EndRevertedEarly: someone (EndedBy) asked to revert it before its end.
	EndRevertedEarly BoostEndReason = "reverted-early"
	// EndCalledOff: someone (EndedBy) called it off before it started.
	EndCalledOff BoostEndReason = "called-off"
	// EndCancelled: its workflow was cancelled (Temporal UI or CLI), which
	// reverts it like an early revert, or calls it off before its start.
	EndCancelled BoostEndReason = "cancelled"
)

// ExtendRequest moves a running boost's end time.
type ExtendRequest struct {
	NewEnd    time.Time `json:"newEnd"`
	Requester string    `json:"requester"`
}

// RevertRequest ends a running boost now.
type RevertRequest struct {
	Requester string `json:"requester"`
}

// MessageRef identifies a posted message (its channel and timestamp) so that
// it can be edited or replied to in a thread.
type MessageRef struct {
	Channel string `json:"channel"`
	TS      string `json:"ts"`
}

// StepSeverity says how a step reads: routine, worth attention, or a failure.
type StepSeverity string

// Step severities.
const (
	SeverityInfo    StepSeverity = "info"
	SeverityWarning StepSeverity = "warning"
	SeverityError   StepSeverity = "error"
)

// Step is one thread reply in a boost's story.
type Step struct {
	Phase    BoostPhase   `json:"phase"`
	Severity StepSeverity `json:"severity"`
	Text     string       `json:"text"`
	At       time.Time    `json:"at"`
	// PhaseChanged marks the step that entered Phase, so the boosts-by-phase
	// metric counts transitions, not every message.
	PhaseChanged bool `json:"phaseChanged,omitempty"`
	// ExternalChange is set on the step that asks what to do about a
	// capacity changed outside the bot, so the chat side offers the choice.
	ExternalChange *ExternalChange `json:"externalChange,omitempty"`
	// Approval is set on the step that asks for approval (the approval
	// card, with Approve and Deny) and on the one that records the answer.
	Approval *Approval `json:"approval,omitempty"`
}

// ReportRowUpdate is the outcome of a change asked for from a capacity
// report's Apply button, shown on the report's row.
type ReportRowUpdate struct {
	Report MessageRef  `json:"report"` // the report message
	Change MessageRef  `json:"change"` // the change's root message; empty when never posted
	Status BoostStatus `json:"status"` // the change's final status
}

// Alert is a failure posted to the alerts channel, naming the requester.
type Alert struct {
	Namespace  string       `json:"namespace"`
	Requester  string       `json:"requester"`
	Severity   StepSeverity `json:"severity"`
	Title      string       `json:"title"`
	Text       string       `json:"text"`
	Thread     MessageRef   `json:"thread,omitempty"` // the boost's root message, for a link
	WorkflowID string       `json:"workflowId,omitempty"`
	Simulated  bool         `json:"simulated,omitempty"`
	// ExternalChange is set on the alert that asks what to do about a
	// capacity changed outside the bot, so the chat side offers the choice.
	ExternalChange *ExternalChange `json:"externalChange,omitempty"`
	// Approval is set on the alert that asks the approvers for approval.
	Approval *Approval `json:"approval,omitempty"`
}
