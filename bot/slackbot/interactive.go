package slackbot

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/slack-go/slack"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

const (
	// suggestTimeout keeps the options answer inside Slack's 3s.
	suggestTimeout = 2 * time.Second
	// submitWait is how long a submission waits for the boost to start
	// before closing the modal and reporting the outcome ephemerally.
	submitWait = 2 * time.Second
	// boostTimeout bounds starting a boost from the modal.
	boostTimeout = 30 * time.Second
	// cloudTimeout bounds the namespace reads behind the modal.
	cloudTimeout = 10 * time.Second
)

// optionsResponse is Slack's answer to an options request. Unlike
// slack.OptionsResponse it always carries "options", even when empty.
type optionsResponse struct {
	Options []*slack.OptionBlockObject `json:"options"`
}

// suggest answers the modal's namespace search, in the ack.
func (b *Bot) suggest(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback) optionsResponse {
	out := optionsResponse{Options: []*slack.OptionBlockObject{}}
	if cb.ActionID != ActionNamespace {
		return out
	}
	ctx, cancel := context.WithTimeout(ctx, suggestTimeout)
	defer cancel()
	names, err := b.o.Handler.Namespaces(ctx, strings.TrimSpace(cb.Value))
	if err != nil {
		log.Warn("listing namespaces for the modal", zap.Error(err))
		return out
	}
	return namespaceOptions(names)
}

// namespaceOptions builds at most 100 options, keeping the ack under 20KB.
func namespaceOptions(names []string) optionsResponse {
	out := optionsResponse{Options: []*slack.OptionBlockObject{}}
	size := 20
	for _, n := range names {
		if len(out.Options) == maxOptions {
			break
		}
		if n == "" || len(n) > 150 { // option values are capped at 150
			continue
		}
		opt := slack.NewOptionBlockObject(n, plain(humanize.Clip(n, maxOptionText)), nil)
		b, _ := json.Marshal(opt)
		if size+len(b)+1 > maxAckBytes-1024 {
			break
		}
		size += len(b) + 1
		out.Options = append(out.Options, opt)
	}
	return out
}

// handleActions handles button clicks and the modal's namespace choice.
func (b *Bot) handleActions(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback) {
	if cb.Type != slack.InteractionTypeBlockActions {
		return
	}
	for _, a := range cb.ActionCallback.BlockActions {
		if cb.View.Type == slack.VTHomeTab {
			b.homeAction(ctx, log, cb, a)
			continue
		}
		switch a.ActionID {
		case ActionNamespace:
			b.namespaceChosen(ctx, log, cb, a.SelectedOption.Value)
		case ActionTRUs, ActionStart, ActionEnd, ActionEndAt:
			b.formChanged(ctx, log, cb)
		case ActionExtend, ActionRevert, ActionRevertAnyway, ActionLeaveAsIs:
			b.button(ctx, log, cb, a)
		case ActionApprove, ActionDeny:
			b.approvalClick(ctx, log, cb, a)
		case ActionWatchBoost:
			b.watchBoost(ctx, log, cb, a)
		case ActionApply:
			b.applyClick(ctx, log, cb, a)
		}
	}
}

// namespaceChosen re-renders the modal with the namespace's capacity, usage
// and valid TRU values.
func (b *Bot) namespaceChosen(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback, ns string) {
	if ns == "" || cb.View.ID == "" {
		return
	}
	meta, err := decodeMeta(cb.View.PrivateMetadata)
	if err != nil {
		log.Warn("boost modal with unreadable metadata", zap.Error(err))
	}
	details := b.readNamespace(ctx, ns)
	p := ModalPrefill{Report: meta.report(), Permanent: meta.report() != nil}
	if err := b.w.updateView(ctx, PrefilledModal(meta.Channel, &details, p, b.modalOptions()), cb.View.Hash, cb.View.ID); err != nil {
		// hash_conflict means a newer choice already updated the form.
		log.Warn("updating the boost modal", zap.String("namespace", ns), zap.Error(err))
	}
}

func (b *Bot) readNamespace(ctx context.Context, ns string) ModalNamespace {
	d := ModalNamespace{Name: ns}
	if b.o.Cloud == nil {
		d.Err = "namespace details are not available"
		return d
	}
	ctx, cancel := context.WithTimeout(ctx, cloudTimeout)
	defer cancel()
	var wg sync.WaitGroup
	var capErr, infoErr error
	wg.Go(func() { d.Capacity, capErr = b.o.Cloud.GetCapacity(ctx, ns) })
	wg.Go(func() { d.Info, infoErr = b.o.Cloud.GetCapacityInfo(ctx, ns) })
	wg.Wait()
	if err := errors.Join(capErr, infoErr); err != nil {
		d.Err = err.Error()
		if k := clients.KindOf(err); k == clients.KindNotFound {
			d.Err = "no such namespace"
		}
	}
	return d
}

// clickChannel is the channel of the message whose button was clicked.
func clickChannel(cb slack.InteractionCallback) string {
	if cb.Channel.ID != "" {
		return cb.Channel.ID
	}
	return cb.Container.ChannelID
}

// decodeClick reads a button's value; when it cannot, it tells the clicker
// to type command instead and ok is false. button names it ("Boost").
func decodeClick[T any](ctx context.Context, b *Bot, log *zap.Logger, cb slack.InteractionCallback, value string,
	decode func(string) (T, error), button, command string) (v T, ok bool) {
	v, err := decode(value)
	if err != nil {
		log.Warn(button+" button unreadable", zap.Error(err))
		b.tell(ctx, log, clickChannel(cb), cb.User.ID, ":warning: This "+button+" button could not be read; use `"+command+"`.")
		return v, false
	}
	return v, true
}

// formClick is the start of every button that opens the boost form for a
// namespace (a throttling alert's Boost, a report row's Apply): the clicker
// is checked like any capacity-changing button, and the namespace is read for
// the form. ok is false when the click was refused; the clicker was told.
// what and refusal are buttonAllowed's.
func (b *Bot) formClick(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback, ns, what, refusal string) (ModalNamespace, bool) {
	if !b.buttonAllowed(ctx, log, clickChannel(cb), cb.User.ID, ns, what, refusal) {
		return ModalNamespace{}, false
	}
	return b.readNamespace(ctx, ns), true
}

// button handles Extend and Revert on a boost's message, and Revert anyway
// and Leave as is on the messages about a capacity changed outside the bot. The clicker is
// authorized, not the message's author: anyone can see the buttons.
func (b *Bot) button(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback, a *slack.BlockAction) {
	ns := a.Value
	channel := clickChannel(cb)
	log = log.With(zap.String("action", a.ActionID), zap.String("namespace", ns))
	if !b.buttonAllowed(ctx, log, channel, cb.User.ID, ns, "change boosts", "button refused") {
		return
	}
	caller := b.clickCaller(cb, channel)
	var r bot.Reply
	switch a.ActionID {
	case ActionExtend:
		r = b.o.Handler.Extend(ctx, caller, ns, extendStep)
	case ActionRevertAnyway:
		r = b.o.Handler.DecideExternalChange(ctx, caller, ns, workflows.DecisionRevertAnyway)
	case ActionLeaveAsIs:
		r = b.o.Handler.DecideExternalChange(ctx, caller, ns, workflows.DecisionLeaveAsIs)
	default:
		r = b.o.Handler.Revert(ctx, caller, ns)
	}
	if r.Text != "" {
		b.tellReply(ctx, log, channel, cb.User.ID, r)
	}
}

// clickCaller is who clicked a button, where. The alerts channel is the
// bot's own: the buttons it posts there are answered even when
// SLACK_ALLOWED_CHANNELS does not list it (the clicker is checked all the
// same), so the caller then has no channel to check.
func (b *Bot) clickCaller(cb slack.InteractionCallback, channel string) bot.Caller {
	caller := bot.Caller{UserID: cb.User.ID, UserName: cb.User.Name, ChannelID: channel, RequestKey: cb.TriggerID}
	if channel != "" && channel == b.o.AlertChannel {
		caller.ChannelID = ""
	}
	return caller
}

// approvalClick handles the approval card's Approve and Deny. Approvers need
// not be boosters, so the booster check of the other buttons does not
// apply: the boost's workflow checks the approver at the time of the click.
func (b *Bot) approvalClick(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback, a *slack.BlockAction) {
	ns, channel := a.Value, clickChannel(cb)
	log = log.With(zap.String("action", a.ActionID), zap.String("namespace", ns))
	d := workflows.ApprovalDenied
	if a.ActionID == ActionApprove {
		d = workflows.ApprovalGranted
	}
	r := b.o.Handler.AnswerApproval(ctx, b.clickCaller(cb, channel), ns, d, "")
	if r.Text != "" {
		b.tellReply(ctx, log, channel, cb.User.ID, r)
	}
}

// submit validates a boost modal submission and starts the boost. Its result
// is the ack payload: field errors keep the modal open; success closes it.
// When the start takes longer than submitWait the modal is closed and the
// outcome is told ephemerally once known.
func (b *Bot) submit(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	if cb.View.CallbackID == CallbackScheduleModal {
		return b.submitSchedule(ctx, log, cb)
	}
	if cb.View.CallbackID != CallbackBoostModal {
		return nil
	}
	req, errs := DecodeBoostSubmission(cb.View, b.o.Now())
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	req.Requester = cb.User.ID
	caller := bot.Caller{UserID: cb.User.ID, UserName: cb.User.Name, ChannelID: req.Channel, RequestKey: cb.TriggerID}
	log = log.With(zap.String("namespace", req.Namespace))

	type result struct {
		st  workflows.BoostStatus
		err error
	}
	done := make(chan result, 1)
	// The start and the late answer outlive this ack: detach them from it.
	detached := context.WithoutCancel(ctx)
	b.spawn(detached, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, boostTimeout)
		defer cancel()
		st, err := b.o.Handler.Boost(ctx, caller, req)
		done <- result{st, err}
	})
	timer := time.NewTimer(submitWait)
	defer timer.Stop()
	select {
	case r := <-done:
		if errs := boostErrors(r.err, cb.View); errs != nil {
			log.Info("boost from modal refused", zap.Error(r.err))
			return slack.NewErrorsViewSubmissionResponse(errs)
		}
		return slack.NewClearViewSubmissionResponse()
	case <-timer.C:
		b.spawn(detached, func(ctx context.Context) {
			var r result
			select {
			case r = <-done:
			case <-ctx.Done():
				return
			}
			if r.err != nil {
				log.Info("boost from modal refused after the modal closed", zap.Error(r.err))
				b.tell(ctx, log, req.Channel, req.Requester, ":no_entry_sign: "+firstError(boostErrors(r.err, cb.View)))
				return
			}
			b.tell(ctx, log, req.Channel, req.Requester, boostStartedText(r.st))
		})
		return slack.NewClearViewSubmissionResponse()
	}
}

// boostErrors maps a Handler.Boost error to modal field errors (nil: no
// error). A refusal goes under the field it is about.
func boostErrors(err error, view slack.View) map[string]string {
	if err == nil {
		return nil
	}
	var refusal *workflows.RefusalError
	var running *bot.BoostRunningError
	switch {
	case errors.As(err, &refusal):
		block := refusal.Field
		switch block {
		case BlockNamespace, BlockTRUs, BlockStart, BlockEnd, BlockReason:
		default:
			block = BlockNamespace
		}
		if block == BlockEnd && endAtChosen(view) {
			block = BlockEndAt // the end came from the picker, not the duration
		}
		return map[string]string{block: humanize.Clip(refusal.Message, 2000)}
	case errors.As(err, &running):
		return map[string]string{BlockNamespace: humanize.Clip(running.Error()+"; use Extend or Revert on its message, or /capacity extend.", 2000)}
	default:
		return map[string]string{BlockNamespace: humanize.Clip("The boost could not be started: "+err.Error(), 2000)}
	}
}

// endAtChosen reports whether the requester set the end with the picker.
func endAtChosen(view slack.View) bool {
	if view.State == nil {
		return false
	}
	a, ok := view.State.Values[BlockEndAt][ActionEndAt]
	return ok && a.SelectedDateTime != 0
}

func firstError(errs map[string]string) string {
	for _, k := range []string{BlockNamespace, BlockTRUs, BlockStart, BlockEnd, BlockEndAt, BlockReason} {
		if e, ok := errs[k]; ok {
			return e
		}
	}
	return "The boost could not be started."
}

// buttonAllowed reports whether the user who pressed a button may change
// capacity in the namespace ("" when the button names none), telling them
// why not (ephemerally) when they may not. Every button that changes capacity goes through it so none can skip the check,
// including the refusal when no authorizer is configured. what completes
// "Nobody may …"; refusal is the log message.
func (b *Bot) buttonAllowed(ctx context.Context, log *zap.Logger, channel, userID, namespace, what, refusal string) bool {
	if b.o.Auth == nil {
		b.tell(ctx, log, channel, userID, ":no_entry_sign: Nobody may "+what+": no authorizer is configured.")
		return false
	}
	if d := b.o.Auth.ChangeDenial(ctx, userID, namespace); d != nil {
		log.Info(refusal, zap.String("why", d.Words), zap.String("settings", d.Settings))
		b.tell(ctx, log, channel, userID, ":no_entry_sign: Sorry, "+d.Words+".")
		return false
	}
	return true
}
