package bot

import "github.com/capacitybot/capacitybot/workflows"

// Reply is what the adapter shows the caller.
type Reply struct {
	Text      string
	InChannel bool
	// OpenModal asks the adapter to open the boost modal (bare "boost").
	OpenModal bool
	// OpenScheduleModal asks the adapter to open the recurring boost form
	// (bare "schedule add"); Text is then the one-line form, for adapters
	// without forms.
	OpenScheduleModal bool
	// Status carries the boosts of a status command (or the boost that is
	// already running), for rich rendering.
	Status []workflows.BoostStatus
	// Refused is true when the command was refused (bad input, not allowed,
	// policy, already running) and started nothing.
	Refused bool
	// WorkflowID is the workflow this command started (an analysis or a
	// boost), empty when it started none, so an adapter can wait for it.
	WorkflowID string
	// Kind is what the reply is, so an adapter picks its layout from a typed
	// value and never by comparing texts (which the simulated marker and
	// wording changes alter).
	Kind ReplyKind
	// Simulated is true when the reply is about the simulated Temporal Cloud
	// account; Text then already carries MarkSimulated's marker.
	Simulated bool
	// History is the full history of a ReplyHistory reply.
	History *HistoryReport
}

// ReplyKind says what a reply is, for adapters that render kinds differently.
type ReplyKind int

// The reply kinds. The zero value is an ordinary answer.
const (
	// ReplyAnswer is the answer to a command, a refusal included.
	ReplyAnswer ReplyKind = iota
	// ReplyHelp is the usage text (Usage), which adapters lay out as help.
	ReplyHelp
	// ReplyCheck is the report of /capacity check, one line per check.
	ReplyCheck
	// ReplyHistory is /capacity history: Text is the summary, History
	// holds every row for the adapter's table or CSV.
	ReplyHistory
)

// simulatedMarker is in the plain text of every message about the simulated
// account: notifications, search and screen readers show only that text.
const simulatedMarker = "[SIMULATED]"

// MarkSimulated is the one owner of the simulated marker in plain text, with
// MarkSimulatedPost: it starts a non-empty reply's text with the marker when
// simulated is true.
func MarkSimulated(text string, simulated bool) string {
	if text == "" {
		return text
	}
	return SimulatedMarker(simulated) + text
}

// MarkSimulatedPost ends a non-empty posted message's text with the marker
// when simulated is true. Posted messages (root messages, thread steps,
// alerts, reports) keep their start, "Boost of <namespace>: …" or
// "<namespace>: …", by which people scan a channel and tools find them.
func MarkSimulatedPost(text string, simulated bool) string {
	if text == "" || !simulated {
		return text
	}
	return text + " " + simulatedMarker
}

// SimulatedMarker is the marker itself ("" when not simulated), for
// renderers that put it inside a line rather than at its start.
func SimulatedMarker(simulated bool) string {
	if !simulated {
		return ""
	}
	return simulatedMarker + " "
}
