package bot

import (
	"context"
	"errors"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

// Caller is who sent a command, and from where.
type Caller struct {
	UserID    string
	UserName  string
	ChannelID string
	// RequestKey is the Slack trigger_id or envelope ID: it makes the
	// analysis workflow ID idempotent across redelivered envelopes.
	RequestKey string
}

// Engine starts, queries and updates the workflows. Implemented by
// TemporalEngine; declared here, by its consumer, so tests can fake it.
type Engine interface {
	StartAnalysis(ctx context.Context, id string, req workflows.AnalysisRequest) (alreadyStarted bool, err error)
	// StartBoost returns *BoostRunningError when a boost is already running
	// for the namespace.
	StartBoost(ctx context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error)
	// BoostStatus returns ErrNoBoost when none is running.
	BoostStatus(ctx context.Context, namespace string) (workflows.BoostStatus, error)
	ActiveBoosts(ctx context.Context) ([]workflows.BoostStatus, error)
	// LastBoost returns the namespace's latest boost, running or finished,
	// and ErrNoBoost when none is on record.
	LastBoost(ctx context.Context, namespace string) (workflows.BoostStatus, error)
	// Extend and RevertNow return ErrNoBoost when none is running, and
	// *UpdateRejectedError when the workflow refused the change.
	Extend(ctx context.Context, namespace string, req workflows.ExtendRequest) (workflows.BoostStatus, error)
	RevertNow(ctx context.Context, namespace string, req workflows.RevertRequest) (workflows.BoostStatus, error)
	// DecideExternalChange answers a boost that found its capacity changed
	// outside the bot, with the same errors as RevertNow.
	DecideExternalChange(ctx context.Context, namespace string, req workflows.ExternalChangeRequest) (workflows.BoostStatus, error)
	// AnswerApproval approves or denies a boost waiting for approval, with
	// the same errors as RevertNow (the workflow refuses a requester's own
	// Approve and anyone who is not an approver).
	AnswerApproval(ctx context.Context, namespace string, d workflows.ApprovalDecision, req workflows.ApprovalRequest) (workflows.BoostStatus, error)
}

// CloudReader is the read side of the Cloud Ops client, used to validate a
// boost before starting it and to fill the modal.
type CloudReader interface {
	ListNamespaces(ctx context.Context) ([]string, error)
	GetCapacity(ctx context.Context, namespace string) (clients.NamespaceCapacity, error)
	GetCapacityInfo(ctx context.Context, namespace string) (clients.CapacityInfo, error)
}

// HandlerOptions configures a Handler.
type HandlerOptions struct {
	Engine Engine
	Cloud  CloudReader
	Auth   *Authorizer
	Policy workflows.Policy
	// DefaultDuration is how long a one-line boost lasts when it names
	// neither "for" nor "until" (zero: fallbackDuration).
	DefaultDuration time.Duration
	// Simulated marks every reply (Reply.Simulated, and MarkSimulated on
	// its text).
	Simulated bool
	Now       func() time.Time
	Logger    *zap.Logger
	Metrics   *telemetry.Metrics
	// Checks runs /capacity check; nil refuses the command.
	Checks Checker
	// Schedules creates and manages recurring boosts and scheduled reports.
	// When nil, Engine is used if it implements ScheduleEngine (the
	// TemporalEngine does); otherwise schedule commands are refused.
	Schedules ScheduleEngine
	// Home records and lists who opened the App Home tab and reads the last
	// report. When nil, Engine is used if it implements HomeEngine (the
	// TemporalEngine does); otherwise the Home shows no report and no one's
	// Home is refreshed on a phase change.
	Home HomeEngine
	// History lists past boosts from Temporal visibility. When nil, Engine
	// is used if it implements HistoryEngine (the TemporalEngine does);
	// otherwise /capacity history is refused.
	History HistoryEngine
	// AllowBoostRequests (ALLOW_BOOST_REQUESTS) lets users who may not
	// boost request a boost, which then always waits for an approver.
	AllowBoostRequests bool
}

// fallbackDuration bounds a one-line boost when no default is configured: a
// boost that is never reverted costs money, so there is always an end.
const fallbackDuration = 2 * time.Hour

// Handler turns commands into workflow calls. It is shared by the Slack and
// console adapters and safe for concurrent use.
type Handler struct {
	o HandlerOptions
	// validate is the pre-start policy check, workflows.ValidateBoost; a
	// field so tests can see exactly what was validated.
	validate func(workflows.BoostRequest, clients.NamespaceCapacity, clients.CapacityInfo, workflows.Policy, time.Time) error
}

// NewHandler builds a Handler, filling unset options with safe defaults. A
// nil Auth denies every change.
func NewHandler(o HandlerOptions) *Handler {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	if o.Auth == nil {
		o.Auth = NewAuthorizer(nil, nil, nil, nil, 0, o.Now)
	}
	if o.DefaultDuration <= 0 {
		o.DefaultDuration = fallbackDuration
	}
	if se, ok := o.Engine.(ScheduleEngine); ok && o.Schedules == nil {
		o.Schedules = se
	}
	if he, ok := o.Engine.(HomeEngine); ok && o.Home == nil {
		o.Home = he
	}
	if he, ok := o.Engine.(HistoryEngine); ok && o.History == nil {
		o.History = he
	}
	return &Handler{o: o, validate: workflows.ValidateBoost}
}

// Command outcomes, as recorded in metrics and the audit log.
const (
	outcomeOK      = "ok"
	outcomeUsage   = "usage"
	outcomeDenied  = "denied"
	outcomeRefused = "refused"
	outcomeRunning = "already_running"
	outcomeError   = "error"
)

// result is a reply plus what the audit log and metrics need to know.
type result struct {
	reply     Reply
	outcome   string
	namespace string
	err       error
	// settings names the settings behind a refusal, for the log only.
	settings string
}

func refused(outcome, text string) result {
	return result{reply: Reply{Text: text, Refused: true}, outcome: outcome}
}

// denied is the authorizer's refusal as a reply; the settings that decided
// go to the log only.
func denied(d *Denial) result {
	r := refused(outcomeDenied, "Sorry, "+d.Words+".")
	r.settings = d.Settings
	return r
}

func failed(text string, err error) result {
	return result{reply: Reply{Text: text}, outcome: outcomeError, err: err}
}

// Handle runs one /capacity command. It runs after the Slack ack, so it may
// take a second or two. Every command is logged once, at info, as the audit
// trail.
func (h *Handler) Handle(ctx context.Context, c Caller, text string) Reply {
	kind := "unknown"
	r := h.handle(ctx, c, text, &kind)
	return h.finish(c, kind, r)
}

func (h *Handler) handle(ctx context.Context, c Caller, text string, kind *string) result {
	if d := h.o.Auth.ChannelDenial(c.ChannelID); d != nil {
		return denied(d)
	}
	cmd, err := Parse(text, h.o.Now())
	if err != nil {
		var ue *UsageError
		if errors.As(err, &ue) {
			return refused(outcomeUsage, ue.Error())
		}
		return refused(outcomeUsage, err.Error())
	}
	*kind = string(cmd.Kind)
	if cmd.BoostersOnly() && !h.mayRequest(cmd) && !h.changesOwnRequest(ctx, c, cmd) {
		if d := h.o.Auth.ChangeDenial(ctx, c.UserID, cmd.Namespace); d != nil {
			r := denied(d)
			r.namespace = cmd.Namespace
			return r
		}
	}
	switch cmd.Kind {
	case KindHelp:
		return result{reply: Reply{Text: Usage(), Kind: ReplyHelp}, outcome: outcomeOK}
	case KindSchedule:
		return h.schedule(ctx, c, cmd)
	case KindAnalyze:
		return h.analyze(ctx, c, cmd)
	case KindBoost:
		return h.boostCommand(ctx, c, cmd)
	case KindSet:
		return h.setCommand(ctx, c, cmd)
	case KindStatus:
		return h.status(ctx, cmd)
	case KindExtend:
		return h.extend(ctx, c, cmd.Namespace, cmd.Duration)
	case KindRevert:
		if cmd.Anyway {
			return h.decide(ctx, c, cmd.Namespace, workflows.DecisionRevertAnyway)
		}
		return h.revert(ctx, c, cmd.Namespace)
	case KindLeave:
		return h.decide(ctx, c, cmd.Namespace, workflows.DecisionLeaveAsIs)
	case KindCheck:
		return h.check(ctx)
	case KindHistory:
		return h.history(ctx, cmd)
	case KindApprove:
		return h.answer(ctx, c, cmd.Namespace, workflows.ApprovalGranted, cmd.Reason)
	case KindDeny:
		return h.answer(ctx, c, cmd.Namespace, workflows.ApprovalDenied, cmd.Reason)
	}
	r := refused(outcomeUsage, Usage())
	r.reply.Kind = ReplyHelp
	return r
}

// finish records the command in metrics and the audit log, and marks the
// reply as simulated when it is.
func (h *Handler) finish(c Caller, kind string, r result) Reply {
	h.o.Metrics.ObserveCommand(kind, r.outcome)
	fields := []zap.Field{
		zap.String("user", c.UserID), zap.String("user_name", c.UserName),
		zap.String("channel", c.ChannelID), zap.String("command", kind),
		zap.String("namespace", r.namespace), zap.String("outcome", r.outcome),
	}
	if r.err != nil {
		fields = append(fields, zap.Error(r.err))
	}
	if r.reply.Refused {
		fields = append(fields, zap.String("refusal", firstLine(r.reply.Text)))
	}
	if r.settings != "" {
		fields = append(fields, zap.String("settings", r.settings))
	}
	h.o.Logger.Info("command", fields...)
	return h.mark(r.reply)
}

// mark marks a reply as coming from the simulated account when it does.
func (h *Handler) mark(r Reply) Reply {
	r.Simulated = h.o.Simulated
	r.Text = MarkSimulated(r.Text, r.Simulated)
	return r
}

func firstLine(s string) string {
	for i := range len(s) {
		if s[i] == '\n' {
			return s[:i]
		}
	}
	return s
}
