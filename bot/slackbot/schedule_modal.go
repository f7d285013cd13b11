package slackbot

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// The recurring boost form's callback, block and action IDs.
const (
	CallbackScheduleModal = "schedule_modal"

	BlockSchedNamespace = "sched_namespace"
	BlockSchedTRUs      = "sched_trus"
	BlockSchedDays      = "sched_days"
	BlockSchedStart     = "sched_start"
	BlockSchedEnd       = "sched_end"
	BlockSchedZone      = "sched_zone"
	BlockSchedReason    = "sched_reason"

	ActionSchedTRUs   = "sched_trus_input"
	ActionSchedDays   = "sched_days_select"
	ActionSchedStart  = "sched_start_time"
	ActionSchedEnd    = "sched_end_time"
	ActionSchedZone   = "sched_zone_input"
	ActionSchedReason = "sched_reason_input"
)

// scheduleDays are the form's day choices, Monday first; values are what
// bot.ScheduleForm.Days takes.
func scheduleDays() []*slack.OptionBlockObject {
	var out []*slack.OptionBlockObject
	for _, d := range []time.Weekday{1, 2, 3, 4, 5, 6, 0} {
		out = append(out, slack.NewOptionBlockObject(strings.ToLower(d.String()[:3]), plain(d.String()), nil))
	}
	return out
}

// ScheduleModal renders the recurring boost form: namespace, TRUs, days
// (weekdays preselected), the window's start and end, the time zone, a
// reason. Runs report in channel, where the command was typed.
func ScheduleModal(channel string, o ModalOptions) slack.ModalViewRequest {
	nsSelect := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, plain("Search namespaces"), ActionNamespace)
	zero := 0
	nsSelect.MinQueryLength = &zero
	days := scheduleDays()
	dayBox := slack.NewCheckboxGroupsBlockElement(ActionSchedDays, days...)
	dayBox.InitialOptions = days[:5]
	start := slack.NewTimePickerBlockElement(ActionSchedStart)
	start.InitialTime = "09:00"
	end := slack.NewTimePickerBlockElement(ActionSchedEnd)
	end.InitialTime = "17:00"
	zone := slack.NewPlainTextInputBlockElement(plain("e.g. America/New_York"), ActionSchedZone)
	zone.InitialValue = "UTC"
	truHint := "Each TRU beyond the first carries a minimum of 360,000 actions per hour."
	if o.MaxTRUs > 0 {
		truHint = "At most " + humanize.Number(o.MaxTRUs) + ". " + truHint
	}
	blocks := []slack.Block{
		slack.NewInputBlock(BlockSchedNamespace, plain("Namespace"), nil, nsSelect),
		slack.NewInputBlock(BlockSchedTRUs, plain("Boost to (TRUs)"), plain(truHint),
			slack.NewPlainTextInputBlockElement(plain("e.g. 4"), ActionSchedTRUs)),
		slack.NewInputBlock(BlockSchedDays, plain("Days"), nil, dayBox),
		slack.NewInputBlock(BlockSchedStart, plain("From"), plain("Local time in the time zone below."), start),
		slack.NewInputBlock(BlockSchedEnd, plain("Until"), plain("Before the start: ends the next day."), end),
		slack.NewInputBlock(BlockSchedZone, plain("Time zone"), plain("An IANA name; daylight saving is followed."), zone),
		slack.NewInputBlock(BlockSchedReason, plain("Reason"), nil,
			slack.NewPlainTextInputBlockElement(plain("e.g. business hours"), ActionSchedReason).WithMaxLength(capacity.MaxReasonChars)).WithOptional(true),
	}
	if o.Simulated {
		blocks = append(blocks, contextText("sched_sim", simulatedNote))
	}
	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackScheduleModal,
		Title:           plain("Recurring boost"),
		Submit:          plain("Create"),
		Close:           plain("Cancel"),
		PrivateMetadata: modalMeta{Channel: channel}.encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// DecodeScheduleSubmission reads a submitted recurring boost form: the form
// and its channel, or field errors keyed by block ID. It never panics on a
// malformed view.
func DecodeScheduleSubmission(view slack.View) (bot.ScheduleForm, string, map[string]string) {
	errs := map[string]string{}
	var f bot.ScheduleForm
	meta, err := decodeMeta(view.PrivateMetadata)
	if err != nil || meta.Channel == "" {
		errs[BlockSchedNamespace] = "This form is out of date; please close it and run /capacity schedule add again."
		return f, "", errs
	}
	get := func(block, action string) slack.BlockAction {
		if view.State == nil {
			return slack.BlockAction{}
		}
		return view.State.Values[block][action]
	}
	if f.Namespace = strings.TrimSpace(get(BlockSchedNamespace, ActionNamespace).SelectedOption.Value); f.Namespace == "" {
		errs[BlockSchedNamespace] = "Pick a namespace."
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(get(BlockSchedTRUs, ActionSchedTRUs).Value), 64)
	if err != nil || v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		errs[BlockSchedTRUs] = "Give a number of TRUs, such as 4."
	}
	f.TRUs = v
	for _, o := range get(BlockSchedDays, ActionSchedDays).SelectedOptions {
		f.Days = append(f.Days, o.Value)
	}
	if len(f.Days) == 0 {
		errs[BlockSchedDays] = "Pick at least one day."
	}
	if f.Start = get(BlockSchedStart, ActionSchedStart).SelectedTime; f.Start == "" {
		errs[BlockSchedStart] = "Pick the time the boost starts."
	}
	if f.End = get(BlockSchedEnd, ActionSchedEnd).SelectedTime; f.End == "" {
		errs[BlockSchedEnd] = "Pick the time the boost ends."
	} else if f.End == f.Start {
		errs[BlockSchedEnd] = "The end must differ from the start."
	}
	f.TimeZone = strings.TrimSpace(get(BlockSchedZone, ActionSchedZone).Value)
	f.Reason = strings.TrimSpace(get(BlockSchedReason, ActionSchedReason).Value)
	return f, meta.Channel, errs
}

// submitSchedule creates the recurring boost from the form. A refusal is
// shown on the form (under the namespace, where it is read first); success
// closes it and is told in the channel.
func (b *Bot) submitSchedule(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback) *slack.ViewSubmissionResponse {
	f, channel, errs := DecodeScheduleSubmission(cb.View)
	if len(errs) > 0 {
		return slack.NewErrorsViewSubmissionResponse(errs)
	}
	caller := bot.Caller{UserID: cb.User.ID, UserName: cb.User.Name, ChannelID: channel, RequestKey: cb.TriggerID}
	ctx, cancel := context.WithTimeout(ctx, submitWait)
	defer cancel()
	r := b.o.Handler.AddSchedule(ctx, caller, f)
	if r.Refused {
		log.Info("recurring boost from the form refused", zap.String("namespace", f.Namespace), zap.String("why", firstLineOf(r.Text)))
		return slack.NewErrorsViewSubmissionResponse(map[string]string{BlockSchedNamespace: humanize.Clip(r.Text, 2000)})
	}
	b.spawn(context.WithoutCancel(ctx), func(ctx context.Context) {
		b.reply(ctx, log, caller, r, "")
	})
	return slack.NewClearViewSubmissionResponse()
}

func firstLineOf(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
