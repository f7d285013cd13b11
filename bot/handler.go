package bot

import (
	"context"
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

// Reply is what the adapter shows the caller.
type Reply struct {
	Text      string
	InChannel bool
	// OpenModal asks the adapter to open the boost modal (bare "boost").
	OpenModal bool
	// Status carries the boosts of a status command, for rich rendering.
	Status []workflows.BoostStatus
	// Refused is true when the command was refused and started nothing.
	Refused bool
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
	Extend(ctx context.Context, namespace string, req workflows.ExtendRequest) (workflows.BoostStatus, error)
	RevertNow(ctx context.Context, namespace string, req workflows.RevertRequest) (workflows.BoostStatus, error)
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
	Engine          Engine
	Cloud           CloudReader
	Auth            *Authorizer
	Policy          workflows.Policy
	DefaultDuration time.Duration
	Simulated       bool
	Now             func() time.Time
	Logger          *zap.Logger
	Metrics         *telemetry.Metrics
}

// Handler turns commands into workflow calls. It is shared by the Slack and
// console adapters and safe for concurrent use.
type Handler struct {
	o HandlerOptions
}

// NewHandler builds a Handler, filling unset options with safe defaults.
func NewHandler(o HandlerOptions) *Handler {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = zap.NewNop()
	}
	return &Handler{o: o}
}

// Handle runs one /capacity command. It runs after the Slack ack, so it may
// take a second or two.
func (h *Handler) Handle(ctx context.Context, c Caller, text string) Reply {
	// TODO
	return Reply{Text: "TODO"}
}

// Boost validates and starts a boost; shared by the one-liner and the modal.
// The error is *workflows.RefusalError, *BoostRunningError, or a wrapped
// failure.
func (h *Handler) Boost(ctx context.Context, c Caller, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	// TODO
	return workflows.BoostStatus{}, nil
}

// Extend moves a running boost's end by d; used by the command and buttons.
func (h *Handler) Extend(ctx context.Context, c Caller, namespace string, d time.Duration) Reply {
	// TODO
	return Reply{}
}

// Revert ends a running boost now; used by the command and buttons.
func (h *Handler) Revert(ctx context.Context, c Caller, namespace string) Reply {
	// TODO
	return Reply{}
}

// Namespaces lists the allowed namespaces containing query (at most 100), for
// the modal's external select.
func (h *Handler) Namespaces(ctx context.Context, query string) ([]string, error) {
	// TODO
	return nil, nil
}
