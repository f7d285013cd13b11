package bottest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/capacitybot/capacitybot/workflows"
)

// Errors are the engine's typed errors, which live in package bot.
type Errors struct {
	// NoBoost is returned when no boost of the namespace runs.
	NoBoost error
	// Running is returned by StartBoost when a boost of the namespace runs.
	Running func(running workflows.BoostStatus) error
	// Rejected is returned by Extend after SetRejection.
	Rejected func(namespace, message string) error
}

// Engine is a bot.Engine over a map of running boosts. It records every
// call, so a test can assert what reached Temporal (or that nothing did),
// and can make every call slow. Started boosts join the map as planned; an
// analysis ID already started is reported as such, as Temporal does.
type Engine struct {
	errs Errors

	mu        sync.Mutex
	delay     time.Duration
	rejection string
	boosts    map[string]workflows.BoostStatus // running, by namespace
	set       map[string]workflows.BoostStatus // what SetRunning made, for Reset
	last      map[string]workflows.BoostStatus // finished boosts, by namespace (SetLast)
	analyses  map[string]workflows.AnalysisRequest
	calls     []string                 // "Method argument", in order
	attempts  []workflows.BoostRequest // every StartBoost
	starts    []workflows.BoostRequest // the boosts started
	extends   []workflows.ExtendRequest
	reverts   []workflows.RevertRequest
	answers   []workflows.ApprovalRequest
	decisions []workflows.ExternalChangeRequest
}

// NewEngine returns an engine with no boost running.
func NewEngine(errs Errors) *Engine {
	return &Engine{errs: errs, boosts: map[string]workflows.BoostStatus{}, set: map[string]workflows.BoostStatus{},
		last: map[string]workflows.BoostStatus{}, analyses: map[string]workflows.AnalysisRequest{}}
}

// SetRunning makes st the running boost of its namespace, until Reset.
func (e *Engine) SetRunning(st workflows.BoostStatus) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.boosts[st.Request.Namespace] = st
	e.set[st.Request.Namespace] = st
}

// SetLast makes st the latest finished boost of its namespace, what
// LastBoost answers while none runs.
func (e *Engine) SetLast(st workflows.BoostStatus) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.last[st.Request.Namespace] = st
}

// SetDelay makes every call take d (or until its context ends).
func (e *Engine) SetDelay(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.delay = d
}

// SetRejection makes Extend refuse with message, as a boost workflow that
// is already reverting does.
func (e *Engine) SetRejection(message string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rejection = message
}

// begin records a call and waits the delay.
func (e *Engine) begin(ctx context.Context, method, arg string) error {
	e.mu.Lock()
	e.calls = append(e.calls, method+" "+arg)
	delay := e.delay
	e.mu.Unlock()
	if delay <= 0 {
		return nil
	}
	select {
	case <-time.After(delay):
		return nil
	case <-ctx.Done():
		return fmt.Errorf("fake engine %s: %w", method, ctx.Err())
	}
}

// StartAnalysis reports whether id was started before.
func (e *Engine) StartAnalysis(ctx context.Context, id string, req workflows.AnalysisRequest) (bool, error) {
	if err := e.begin(ctx, "StartAnalysis", id); err != nil {
		return false, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, started := e.analyses[id]; started {
		return true, nil
	}
	e.analyses[id] = req
	return false, nil
}

// Analyses are the analyses started, by workflow ID.
func (e *Engine) Analyses() map[string]workflows.AnalysisRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return maps.Clone(e.analyses)
}

// StartBoost records the attempt, then starts the boost unless one runs.
func (e *Engine) StartBoost(ctx context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	e.mu.Lock()
	e.attempts = append(e.attempts, req)
	e.mu.Unlock()
	if err := e.begin(ctx, "StartBoost", fmt.Sprintf("%s %g", req.Namespace, req.TRUs)); err != nil {
		return workflows.BoostStatus{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if st, ok := e.boosts[req.Namespace]; ok {
		return workflows.BoostStatus{}, e.errs.Running(st)
	}
	st := workflows.BoostStatus{Request: req, Phase: workflows.PhasePlanned, End: req.End, Target: req.Target(),
		WorkflowID: workflows.BoostWorkflowID(req.Namespace), DryRun: req.DryRun}
	e.starts = append(e.starts, req)
	e.boosts[req.Namespace] = st
	return st, nil
}

// BoostStatus returns the running boost of ns.
func (e *Engine) BoostStatus(ctx context.Context, ns string) (workflows.BoostStatus, error) {
	if err := e.begin(ctx, "BoostStatus", ns); err != nil {
		return workflows.BoostStatus{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.runningLocked(ns)
}

// LastBoost returns the running boost of ns, else the one SetLast made.
func (e *Engine) LastBoost(ctx context.Context, ns string) (workflows.BoostStatus, error) {
	if err := e.begin(ctx, "LastBoost", ns); err != nil {
		return workflows.BoostStatus{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if st, ok := e.boosts[ns]; ok {
		return st, nil
	}
	if st, ok := e.last[ns]; ok {
		return st, nil
	}
	return workflows.BoostStatus{}, e.errs.NoBoost
}

// ActiveBoosts lists the running boosts by namespace.
func (e *Engine) ActiveBoosts(ctx context.Context) ([]workflows.BoostStatus, error) {
	if err := e.begin(ctx, "ActiveBoosts", ""); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]workflows.BoostStatus, 0, len(e.boosts))
	for _, ns := range slices.Sorted(maps.Keys(e.boosts)) {
		out = append(out, e.boosts[ns])
	}
	return out, nil
}

// Extend moves the running boost's end, unless SetRejection was called.
func (e *Engine) Extend(ctx context.Context, ns string, req workflows.ExtendRequest) (workflows.BoostStatus, error) {
	return e.change(ctx, "Extend", ns, func(st *workflows.BoostStatus) {
		e.extends = append(e.extends, req)
		st.End = req.NewEnd
	})
}

// change applies edit to the running boost of ns (under e.mu), unless
// SetRejection was called, as a workflow update would.
func (e *Engine) change(ctx context.Context, method, ns string, edit func(*workflows.BoostStatus)) (workflows.BoostStatus, error) {
	if err := e.begin(ctx, method, ns); err != nil {
		return workflows.BoostStatus{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.rejection != "" {
		return workflows.BoostStatus{}, e.errs.Rejected(ns, e.rejection)
	}
	st, err := e.runningLocked(ns)
	if err != nil {
		return st, err
	}
	edit(&st)
	e.boosts[ns] = st
	return st, nil
}

// RevertNow puts the running boost in its reverting phase.
func (e *Engine) RevertNow(ctx context.Context, ns string, req workflows.RevertRequest) (workflows.BoostStatus, error) {
	if err := e.begin(ctx, "RevertNow", ns); err != nil {
		return workflows.BoostStatus{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	st, err := e.runningLocked(ns)
	if err != nil {
		return st, err
	}
	e.reverts = append(e.reverts, req)
	st.Phase = workflows.PhaseReverting
	e.boosts[ns] = st
	return st, nil
}

// DecideExternalChange records the decision about an outside change and
// ends the boost as the workflow would: reverting anyway, or done and left.
func (e *Engine) DecideExternalChange(ctx context.Context, ns string, req workflows.ExternalChangeRequest) (workflows.BoostStatus, error) {
	return e.change(ctx, "DecideExternalChange", ns, func(st *workflows.BoostStatus) {
		e.decisions = append(e.decisions, req)
		st.Phase = workflows.PhaseReverting
		if req.Decision == workflows.DecisionLeaveAsIs {
			st.Phase = workflows.PhaseDone
		}
	})
}

// AnswerApproval records the answer and moves the boost on as the workflow
// would: planned when approved, done when denied.
func (e *Engine) AnswerApproval(ctx context.Context, ns string, d workflows.ApprovalDecision, req workflows.ApprovalRequest) (workflows.BoostStatus, error) {
	return e.change(ctx, "AnswerApproval", ns, func(st *workflows.BoostStatus) {
		e.answers = append(e.answers, req)
		st.Phase = workflows.PhasePlanned
		if d == workflows.ApprovalDenied {
			st.Phase, st.EndReason, st.EndedBy = workflows.PhaseDone, workflows.EndDenied, req.Approver
		}
	})
}

// Answers are the approvals and denials received.
func (e *Engine) Answers() []workflows.ApprovalRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.answers)
}

// Decisions are the decisions about outside changes received.
func (e *Engine) Decisions() []workflows.ExternalChangeRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.decisions)
}

func (e *Engine) runningLocked(ns string) (workflows.BoostStatus, error) {
	st, ok := e.boosts[ns]
	if !ok {
		return workflows.BoostStatus{}, e.errs.NoBoost
	}
	return st, nil
}

// Attempts are every StartBoost request, refused ones included.
func (e *Engine) Attempts() []workflows.BoostRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.attempts)
}

// Starts are the boosts started.
func (e *Engine) Starts() []workflows.BoostRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.starts)
}

// Extends are the extensions applied.
func (e *Engine) Extends() []workflows.ExtendRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.extends)
}

// Reverts are the reverts applied.
func (e *Engine) Reverts() []workflows.RevertRequest {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.reverts)
}

// Calls are every call, reads included, as "Method argument".
func (e *Engine) Calls() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.Clone(e.calls)
}

// CallCount is how many calls reached the engine, reads included.
func (e *Engine) CallCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.calls)
}

// Changes are the calls that would start or change a workflow.
func (e *Engine) Changes() []string {
	var out []string
	for _, c := range e.Calls() {
		if !strings.HasPrefix(c, "BoostStatus ") && !strings.HasPrefix(c, "ActiveBoosts ") && !strings.HasPrefix(c, "LastBoost ") {
			out = append(out, c)
		}
	}
	return out
}

// Changed reports whether any call would have started or changed a
// workflow.
func (e *Engine) Changed() bool { return len(e.Changes()) > 0 }

// Reset forgets the calls and what they changed: the running boosts are
// those SetRunning made again, and no analysis was started.
func (e *Engine) Reset() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.calls, e.attempts, e.starts, e.extends, e.reverts, e.decisions, e.answers = nil, nil, nil, nil, nil, nil, nil
	e.boosts, e.analyses = maps.Clone(e.set), map[string]workflows.AnalysisRequest{}
}
