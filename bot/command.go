package bot

import "time"

// CommandKind names a /capacity sub-command.
type CommandKind string

// The sub-commands. Schedule covers recurring boosts and scheduled reports
// ("analyze … every …").
const (
	KindAnalyze CommandKind = "analyze"
	KindBoost   CommandKind = "boost"
	KindStatus  CommandKind = "status"
	KindExtend  CommandKind = "extend"
	KindRevert  CommandKind = "revert"
	// KindLeave keeps a capacity changed outside the bot during a boost
	// ("leave <namespace>"); "revert <namespace> anyway" is its opposite.
	KindLeave    CommandKind = "leave"
	KindHelp     CommandKind = "help"
	KindSchedule CommandKind = "schedule"
	KindSet      CommandKind = "set"
	// KindCheck runs `capacitybot check`'s checks; it changes nothing but
	// shows the keys' roles and the settings, so it is for boosters only.
	KindCheck CommandKind = "check"
	// KindHistory lists past and running boosts and permanent changes with
	// what they cost; read-only, so open to all like analysis.
	KindHistory CommandKind = "history"
	// KindApprove and KindDeny answer a boost waiting for approval; the
	// boost's workflow checks that the caller is an approver (and not its
	// requester, for Approve), so they are open to everyone here.
	KindApprove CommandKind = "approve"
	KindDeny    CommandKind = "deny"
)

// Kinds are every sub-command, in the order the bot names them (the
// unknown-command reply) and the metrics preset them.
func Kinds() []CommandKind {
	return []CommandKind{KindAnalyze, KindBoost, KindSet, KindStatus, KindExtend, KindRevert, KindLeave,
		KindApprove, KindDeny, KindSchedule, KindHistory, KindCheck, KindHelp}
}

// Command is a parsed /capacity command. Only the fields of its Kind are set.
type Command struct {
	Kind      CommandKind
	Globs     []string        // analyze, history (at most one)
	Namespace string          // boost, set, status (optional), extend, revert, leave, approve, deny
	Anyway    bool            // revert … anyway: over a change made outside the bot
	TRUs      float64         // boost, set
	OnDemand  bool            // set: to on-demand rather than TRUs
	For       time.Duration   // boost "for <duration>"
	Until     time.Time       // boost "until <time>"
	Reason    string          // boost, set; approve, deny: the approver's note
	Modal     bool            // bare "boost": open the modal
	Duration  time.Duration   // extend
	Schedule  ScheduleCommand // schedule, and analyze … every …
	Since     time.Duration   // history: how far back (default DefaultHistorySince)
}

// BoostersOnly reports whether only users who may boost may run the
// command: those that change capacity, and check.
func (c Command) BoostersOnly() bool { return c.Changes() || c.Kind == KindCheck }

// Changes reports whether the command changes capacity, and so needs the
// caller to be allowed to boost.
func (c Command) Changes() bool {
	switch c.Kind {
	case KindBoost, KindSet, KindExtend, KindRevert, KindLeave, KindSchedule:
		return true
	}
	return false
}
