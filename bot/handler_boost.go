package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// boostCommand runs the one-line boost (or asks for the modal).
func (h *Handler) boostCommand(ctx context.Context, c Caller, cmd Command) result {
	if cmd.Modal {
		return result{reply: Reply{OpenModal: true, Text: "Opening the boost form…"}, outcome: outcomeOK}
	}
	now := h.o.Now()
	req := workflows.BoostRequest{
		Namespace: cmd.Namespace,
		TRUs:      cmd.TRUs,
		Reason:    cmd.Reason,
		Channel:   c.ChannelID,
		Requester: c.UserID,
	}
	defaulted := false
	switch {
	case cmd.For > 0:
		req.End, req.Length = now.Add(cmd.For), cmd.For
	case !cmd.Until.IsZero():
		req.End = cmd.Until
	default:
		req.End, req.Length = now.Add(h.o.DefaultDuration), h.o.DefaultDuration
		defaulted = true
	}
	st, err := h.boost(ctx, c, req)
	r := h.boostResult(req, st, err)
	if r.namespace == "" {
		r.namespace = cmd.Namespace
	}
	if err == nil && defaulted {
		r.reply.Text += fmt.Sprintf("\n(No end was given, so the default of %s applies; `/capacity extend %s <duration>` makes it longer.)",
			formatDuration(h.o.DefaultDuration), st.Request.Namespace)
	}
	return r
}

// boostResult turns Boost's outcome for req into a reply.
func (h *Handler) boostResult(req workflows.BoostRequest, st workflows.BoostStatus, err error) result {
	var refusal *workflows.RefusalError
	var running *BoostRunningError
	switch {
	case err == nil:
		id := st.WorkflowID
		if id == "" {
			id = workflows.BoostWorkflowID(st.Request.Namespace)
		}
		return result{reply: Reply{Text: h.startedText(st), Status: []workflows.BoostStatus{st}, WorkflowID: id},
			outcome: outcomeOK, namespace: st.Request.Namespace}
	case errors.As(err, &refusal):
		r := refused(outcomeRefused, req.Noun()+" refused: "+refusal.Message)
		r.settings = refusal.Settings
		return r
	case errors.As(err, &running) && running.Status.Phase == workflows.PhaseAwaitingApproval:
		ns := running.Status.Request.Namespace
		return result{
			reply: Reply{
				Text: fmt.Sprintf("A %s of %s is already %s.\nAn approver answers it with `%s` or `%s`; its requester can call it off with `/capacity revert %s`.",
					strings.ToLower(running.Status.Request.Noun()), ns, PhaseWords(running.Status),
					ApprovalCommand(ns, workflows.ApprovalGranted), ApprovalCommand(ns, workflows.ApprovalDenied), ns),
				Status:  []workflows.BoostStatus{running.Status},
				Refused: true,
			},
			outcome: outcomeRunning, namespace: ns,
		}
	case errors.As(err, &running):
		ns := running.Status.Request.Namespace
		return result{
			reply: Reply{
				Text: fmt.Sprintf("A %s of %s is already running: %s\nChange it with `/capacity extend %s <duration>` or `/capacity revert %s`.",
					strings.ToLower(running.Status.Request.Noun()), ns, h.statusLine(running.Status), ns, ns),
				Status:  []workflows.BoostStatus{running.Status},
				Refused: true,
			},
			outcome: outcomeRunning, namespace: ns,
		}
	default:
		return failed("Could not start the boost: "+err.Error(), err)
	}
}

func (h *Handler) startedText(st workflows.BoostStatus) string {
	req := st.Request
	var b strings.Builder
	if st.DryRun || req.DryRun {
		b.WriteString("Dry run (nothing will change): ")
	}
	if req.Permanent {
		fmt.Fprintf(&b, "Permanent change of %s to %s started; it is applied and verified, and nothing reverts it. Follow the thread in this channel.", req.Namespace, req.Target())
		return b.String() + h.costNote(req.TRUs, 0, "from then on")
	}
	now := h.o.Now()
	fmt.Fprintf(&b, "Boost of %s to %s started", req.Namespace, capacity.FormatTRUs(req.TRUs))
	if req.Start.After(now) {
		b.WriteString("; it applies at " + humanize.Time(req.Start, now) + " and lasts")
	}
	end := st.End
	if end.IsZero() {
		end = req.End
	}
	if end.IsZero() {
		b.WriteString(" with no automatic revert")
	} else {
		b.WriteString(" until " + humanize.Time(end, now))
	}
	b.WriteString("; follow the thread in this channel.")
	window := time.Duration(0)
	if !end.IsZero() {
		from := req.Start
		if from.IsZero() || from.Before(now) {
			from = now
		}
		window = end.Sub(from)
	}
	b.WriteString(h.costNote(req.TRUs, window, "for this boost"))
	b.WriteString(h.approvalNote(req))
	return b.String()
}

// Boost validates and starts a boost; used by the modal submission (and the
// console's prompts), and recorded in the audit log and metrics like a
// command. It checks the channels (the caller's, when known, and the one
// the boost reports to), the caller's right to change capacity, resolves a
// bare namespace name to its ID, reads the namespace's capacity and checks
// the policy, and only then starts the workflow. The error is
// *workflows.RefusalError (Field empty for a refusal not about one field,
// such as authorization), *BoostRunningError, or a wrapped failure; on any
// error nothing was started.
func (h *Handler) Boost(ctx context.Context, c Caller, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	st, err := h.boost(ctx, c, req)
	r := h.boostResult(req, st, err)
	if r.namespace == "" {
		r.namespace = req.Namespace
	}
	kind := KindBoost
	if req.Permanent {
		kind = KindSet
	}
	h.finish(c, string(kind), r)
	return st, err
}

// BoostReply renders Boost's outcome for req as the reply a one-line boost
// (or set) gets, for adapters that call Boost directly.
func (h *Handler) BoostReply(req workflows.BoostRequest, st workflows.BoostStatus, err error) Reply {
	return h.mark(h.boostResult(req, st, err).reply)
}

// BoostChoices is what a boost form offers for a namespace.
type BoostChoices struct {
	Namespace string
	Current   clients.Capacity
	// ValidTRUs are the values valid for the namespace, available now and
	// within MAX_TRUS (capacity.ValidTRUs), sorted.
	ValidTRUs       []float64
	DefaultDuration time.Duration
	MaxDuration     time.Duration
}

// Choices reads what a boost of the namespace may ask for.
func (h *Handler) Choices(ctx context.Context, namespace string) (BoostChoices, error) {
	info, err := h.o.Cloud.GetCapacityInfo(ctx, namespace)
	if err != nil {
		return BoostChoices{}, fmt.Errorf("reading the valid TRU values of %s: %w", namespace, err)
	}
	return BoostChoices{
		Namespace: namespace, Current: info.Current,
		ValidTRUs:       capacity.ValidTRUs(info.ValidTRUs, info.MaxAvailableTRUs, h.o.Policy.MaxTRUs),
		DefaultDuration: h.o.DefaultDuration, MaxDuration: h.o.Policy.MaxDuration,
	}, nil
}
func (h *Handler) boost(ctx context.Context, c Caller, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	if req.Channel == "" {
		req.Channel = c.ChannelID
	}
	if req.Channel == "" {
		return workflows.BoostStatus{}, &workflows.RefusalError{Message: "Please choose a channel for the boost's messages."}
	}
	for _, ch := range []string{c.ChannelID, req.Channel} {
		if ch == "" {
			continue
		}
		if d := h.o.Auth.ChannelDenial(ch); d != nil {
			return workflows.BoostStatus{}, &workflows.RefusalError{Message: upperFirst(d.Words) + ".", Settings: d.Settings}
		}
	}
	if d := h.o.Auth.ChangeDenial(ctx, c.UserID, req.Namespace); d != nil {
		if !h.o.AllowBoostRequests || req.Permanent {
			return workflows.BoostStatus{}, &workflows.RefusalError{Message: upperFirst(d.Words) + ".", Settings: d.Settings}
		}
		req.NeedsApproval = true // a request: an approver decides
	}
	req.Requester = c.UserID
	if h.o.Policy.DryRun {
		req.DryRun = true
	}
	if strings.TrimSpace(req.Namespace) == "" {
		return workflows.BoostStatus{}, &workflows.RefusalError{Field: workflows.FieldNamespace, Message: "Please name the namespace to boost."}
	}
	if err := checkFormValues(req); err != nil {
		return workflows.BoostStatus{}, err
	}
	all, err := h.o.Cloud.ListNamespaces(ctx)
	if err != nil {
		return workflows.BoostStatus{}, fmt.Errorf("listing namespaces: %w", err)
	}
	ns, err := resolveNamespace(strings.ToLower(req.Namespace), all, h.o.Policy.Filter.Allowed)
	if err != nil {
		return workflows.BoostStatus{}, &workflows.RefusalError{Field: workflows.FieldNamespace, Message: upperFirst(err.Error()) + "."}
	}
	req.Namespace = ns
	if !h.o.Policy.Filter.Allowed(ns) {
		return workflows.BoostStatus{}, &workflows.RefusalError{Field: workflows.FieldNamespace,
			Message:  ns + " is not a namespace this bot may change; a workspace admin chooses which ones it may.",
			Settings: "NAMESPACE_ALLOWLIST, NAMESPACE_DENYLIST"}
	}
	capNow, err := h.o.Cloud.GetCapacity(ctx, ns)
	if err != nil {
		return workflows.BoostStatus{}, fmt.Errorf("reading the capacity of %s: %w", ns, err)
	}
	info, err := h.o.Cloud.GetCapacityInfo(ctx, ns)
	if err != nil {
		return workflows.BoostStatus{}, fmt.Errorf("reading the valid TRU values of %s: %w", ns, err)
	}
	if err := h.validate(req, capNow, info, h.o.Policy, h.o.Now()); err != nil {
		return workflows.BoostStatus{}, err
	}
	st, err := h.o.Engine.StartBoost(ctx, req)
	if err != nil {
		var running *BoostRunningError
		if errors.As(err, &running) {
			return workflows.BoostStatus{}, err
		}
		return workflows.BoostStatus{}, fmt.Errorf("starting the boost of %s: %w", ns, err)
	}
	if st.Request.Namespace == "" {
		st.Request = req
	}
	return st, nil
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// checkFormValues holds a form's values (the modal's, which a client can
// forge) to what the one-line command's parser accepts: a namespace of the
// namespace characters, so a flood or markup is not echoed back in the
// refusal. How far ahead a boost may start is the policy's limit, checked
// with the others by workflows.ValidateBoost.
func checkFormValues(req workflows.BoostRequest) error {
	if !namespacePattern.MatchString(strings.ToLower(req.Namespace)) {
		return &workflows.RefusalError{Field: workflows.FieldNamespace, Message: fmt.Sprintf(
			"%q is not a namespace: use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters.",
			humanize.Clip(req.Namespace, 40))}
	}
	return nil
}
