package slackbot

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// The boost modal's callback ID, block IDs and action IDs. The block IDs of
// the inputs are the workflows.Field* names, so a refusal's Field is the
// block its error goes under.
const (
	CallbackBoostModal = "boost_modal"

	BlockNamespace = workflows.FieldNamespace
	BlockTRUs      = workflows.FieldTRUs
	BlockStart     = workflows.FieldStart
	BlockEnd       = workflows.FieldEnd
	BlockEndAt     = "end_at"
	BlockReason    = workflows.FieldReason
	BlockChannel   = "channel"
	BlockCost      = "cost"

	ActionNamespace = "namespace_select"
	ActionTRUs      = "trus_select"
	ActionStart     = "start_at"
	ActionEnd       = "end_duration"
	ActionEndAt     = "end_at_picker"
	ActionReason    = "reason_input"
	ActionChannel   = "channel_select"

	// endKeep is the duration choice that makes the form a permanent
	// change (/capacity set); endNoneOld is what forms opened before it
	// existed sent for "no automatic revert", which meant the same.
	endKeep    = "keep"
	endNoneOld = "none"
	// truOnDemand is the TRU choice for on-demand, offered to a
	// provisioned namespace, with "keep" only.
	truOnDemand = "on-demand"
)

// endChoices are the durations the modal offers.
func endChoices() []time.Duration {
	return []time.Duration{30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 8 * time.Hour, 24 * time.Hour}
}

// modalMeta is the modal's private_metadata: what the form needs to remember
// between views that is not in its inputs. Kept tiny (limit 3000).
type modalMeta struct {
	Channel   string `json:"c,omitempty"`
	Namespace string `json:"n,omitempty"`
	// The report whose Apply button opened the form, if one did.
	ReportChannel string `json:"rc,omitempty"`
	ReportTS      string `json:"rt,omitempty"`
}

// report is the report message the form was opened from; nil when none.
func (m modalMeta) report() *workflows.MessageRef {
	if m.ReportChannel == "" || m.ReportTS == "" {
		return nil
	}
	return &workflows.MessageRef{Channel: m.ReportChannel, TS: m.ReportTS}
}

func (m modalMeta) encode() string {
	b, _ := json.Marshal(m)
	return string(b)
}

func decodeMeta(s string) (modalMeta, error) {
	var m modalMeta
	if s == "" {
		return m, nil
	}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return modalMeta{}, fmt.Errorf("decoding modal metadata: %w", err)
	}
	return m, nil
}

// ModalNamespace is what the modal shows about the chosen namespace.
type ModalNamespace struct {
	Name     string
	Capacity clients.NamespaceCapacity
	Info     clients.CapacityInfo
	// Err is set when the namespace could not be read; the form then says so
	// and offers no TRU values.
	Err string
	// SuggestedTRUs preselects a TRU value (from a throttling alert's Boost
	// button, or a report's Apply) when it is one the form offers.
	SuggestedTRUs float64
	// SuggestedOnDemand preselects on-demand (a report's Apply).
	SuggestedOnDemand bool
}

// ModalPrefill is what a report's Apply button fills in: a permanent change
// ("keep"), the reason, and the report to mark when the change ends.
type ModalPrefill struct {
	Permanent bool
	Reason    string
	Report    *workflows.MessageRef
}

// ModalOptions are the policy values the modal applies.
type ModalOptions struct {
	MaxTRUs         float64
	MaxDuration     time.Duration
	DefaultDuration time.Duration
	Simulated       bool
	// ActionPricePerMillion (0: unknown) turns the cost floor into money.
	ActionPricePerMillion float64
}

// BoostModal renders the boost form. Without ns it asks for the namespace
// first; picking one (a dispatched action) re-renders it with ns, its
// current capacity and usage, and the TRU values valid for it.
func BoostModal(channel string, ns *ModalNamespace, o ModalOptions) slack.ModalViewRequest {
	return PrefilledModal(channel, ns, ModalPrefill{}, o)
}

// PrefilledModal is the boost form with fields filled in, as a report's
// Apply button opens it.
func PrefilledModal(channel string, ns *ModalNamespace, p ModalPrefill, o ModalOptions) slack.ModalViewRequest {
	meta := modalMeta{Channel: channel}
	if p.Report != nil {
		meta.ReportChannel, meta.ReportTS = p.Report.Channel, p.Report.TS
	}
	nsSelect := slack.NewOptionsSelectBlockElement(slack.OptTypeExternal, plain("Search namespaces"), ActionNamespace)
	zero := 0
	nsSelect.MinQueryLength = &zero
	if ns != nil {
		meta.Namespace = ns.Name
		nsSelect.InitialOption = slack.NewOptionBlockObject(ns.Name, plain(humanize.Clip(ns.Name, maxOptionText)), nil)
	}
	blocks := []slack.Block{
		slack.NewInputBlock(BlockNamespace, plain("Namespace"), nil, nsSelect).WithDispatchAction(true),
	}
	if o.Simulated {
		blocks = append(blocks, contextText("modal_sim", simulatedNote))
	}
	nsBlocks, trus := namespaceBlocks(ns, o)
	blocks = append(blocks, nsBlocks...)
	tBlocks, window := timeBlocks(o, p.Permanent)
	blocks = append(blocks, tBlocks...)
	if trus >= 0 || math.IsInf(trus, -1) { // -1: no TRUs to pick; -Inf: on-demand
		blocks = append(blocks, costBlock(trus, window, o.ActionPricePerMillion))
	}

	reason := slack.NewPlainTextInputBlockElement(plain("e.g. Black Friday traffic"), ActionReason).WithMaxLength(capacity.MaxReasonChars)
	reason.InitialValue = p.Reason
	blocks = append(blocks, slack.NewInputBlock(BlockReason, plain("Reason"), nil, reason).WithOptional(true))

	ch := slack.NewOptionsSelectBlockElement(slack.OptTypeConversations, plain("Channel"), ActionChannel)
	ch.DefaultToCurrentConversation = true
	ch.InitialConversation = channel
	blocks = append(blocks, slack.NewInputBlock(BlockChannel, plain("Report in"), plain("The boost's message and thread go here."), ch))

	return slack.ModalViewRequest{
		Type:            slack.VTModal,
		CallbackID:      CallbackBoostModal,
		Title:           plain("Boost capacity"),
		Submit:          plain("Boost"),
		Close:           plain("Cancel"),
		PrivateMetadata: meta.encode(),
		Blocks:          slack.Blocks{BlockSet: blocks},
	}
}

// namespaceBlocks shows the namespace and offers its TRU values; trus is
// the value preselected (0: none), or -1 when none can be picked.
func namespaceBlocks(ns *ModalNamespace, o ModalOptions) (blocks []slack.Block, trus float64) {
	if ns == nil {
		return []slack.Block{contextText("ns_hint", "Pick a namespace to see its capacity and the TRU values it can take.")}, -1
	}
	if ns.Err != "" {
		return []slack.Block{section("ns_info", fmt.Sprintf(":warning: Could not read `%s`: %s", escape(ns.Name), escape(humanize.Clip(ns.Err, 500))))}, -1
	}
	c, info := ns.Capacity, ns.Info
	text := fmt.Sprintf("*%s* is %s now (APS limit %s).\n7-day APS: mean %s · p90 %s · p99 %s",
		escape(ns.Name), c.Current, num(c.APSLimit), num(info.APS.Mean), num(info.APS.P90), num(info.APS.P99))
	if info.MaxAvailableTRUs > 0 {
		text += fmt.Sprintf("\nUp to %s available", capacity.FormatTRUs(info.MaxAvailableTRUs))
		if o.MaxTRUs > 0 {
			text += fmt.Sprintf(", %s allowed here", humanize.Number(o.MaxTRUs))
		}
		text += "."
	}
	if c.RequestInProgress() {
		text += "\n:hourglass_flowing_sand: A capacity change is in progress; a boost would be refused until it ends."
	}
	blocks = []slack.Block{section("ns_info", text)}
	valid := capacity.ValidTRUs(info.ValidTRUs, info.MaxAvailableTRUs, o.MaxTRUs)
	if len(valid) == 0 {
		return append(blocks, section("trus_none", ":no_entry_sign: No TRU value is both valid for this namespace and within the limits.")), -1
	}
	opts := make([]*slack.OptionBlockObject, 0, min(len(valid), maxOptions))
	var initial *slack.OptionBlockObject
	if c.Current.Mode == clients.ModeProvisioned {
		opt := slack.NewOptionBlockObject(truOnDemand, plain("on-demand — no floor (with keep only)"), nil)
		if ns.SuggestedOnDemand {
			initial, trus = opt, math.Inf(-1)
		}
		opts = append(opts, opt)
	}
	for _, v := range valid[:min(len(valid), maxOptions-len(opts))] {
		opt := slack.NewOptionBlockObject(humanize.Number(v), plain(truOptionText(v)), nil)
		if v == ns.SuggestedTRUs && !ns.SuggestedOnDemand {
			initial, trus = opt, v
		}
		opts = append(opts, opt)
	}
	sel := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("TRUs"), ActionTRUs, opts...)
	sel.InitialOption = initial
	// Choosing a value dispatches an action, so the cost floor follows it.
	return append(blocks, slack.NewInputBlock(BlockTRUs, plain("Boost to"), plain("Each TRU beyond the first carries a minimum of 360,000 actions per hour."), sel).
		WithDispatchAction(true)), trus
}

// truOptionText is a TRU choice with the cost floor it implies.
func truOptionText(v float64) string {
	floor := capacity.MinActionsPerHour(v)
	if floor == 0 {
		return humanize.Clip(fmt.Sprintf("%s TRU — no floor", humanize.Number(v)), maxOptionText)
	}
	return humanize.Clip(fmt.Sprintf("%s — floor %s", capacity.FormatTRUs(v), capacity.FormatFloor(floor, 0)), maxOptionText)
}

// timeBlocks are the start and end inputs, each dispatching an action when
// changed so the cost floor follows them; window is the duration
// preselected (0: none).
func timeBlocks(o ModalOptions, permanent bool) (blocks []slack.Block, window time.Duration) {
	start := slack.NewDateTimePickerBlockElement(ActionStart)
	var endOpts []*slack.OptionBlockObject
	var initial *slack.OptionBlockObject
	for _, d := range endChoices() {
		if o.MaxDuration > 0 && d > o.MaxDuration {
			continue
		}
		opt := slack.NewOptionBlockObject(d.String(), plain("for "+humanize.Duration(d)), nil)
		endOpts = append(endOpts, opt)
		if d == o.DefaultDuration || (initial == nil && d == 2*time.Hour) {
			initial, window = opt, d
		}
	}
	keep := slack.NewOptionBlockObject(endKeep, plain("keep: permanent change"), nil)
	endOpts = append(endOpts, keep)
	if permanent {
		initial, window = keep, 0
	}
	end := slack.NewOptionsSelectBlockElement(slack.OptTypeStatic, plain("Duration"), ActionEnd, endOpts...)
	end.InitialOption = initial
	endAt := slack.NewDateTimePickerBlockElement(ActionEndAt)
	return []slack.Block{
		slack.NewInputBlock(BlockStart, plain("Start"), plain("Leave empty to start now."), start).WithOptional(true).WithDispatchAction(true),
		slack.NewInputBlock(BlockEnd, plain("Revert after"), plain("“keep” makes a permanent change: applied now, never reverted."), end).WithOptional(true).WithDispatchAction(true),
		slack.NewInputBlock(BlockEndAt, plain("…or revert at"), plain("Overrides the duration."), endAt).WithOptional(true).WithDispatchAction(true),
	}, window
}

// costBlock states the cost floor of trus over window (0: no automatic
// revert), in actions and, with a price, money (trus is -Inf for on-demand): what the person is about to
// commit to, before they press Boost.
func costBlock(trus float64, window time.Duration, price float64) slack.Block {
	floor := capacity.MinActionsPerHour(trus)
	var text string
	switch {
	case math.IsInf(trus, -1):
		text = "On-demand carries no cost floor."
	case trus <= 0:
		text = "The cost floor shows here once you pick the TRUs."
	case floor <= 0:
		text = capacity.FormatTRUs(trus) + " carries no cost floor."
	case window <= 0:
		text = "*Cost floor:* " + capacity.FormatFloor(floor, price) + " from then on (keep: a permanent change)."
	default:
		text = "*Cost floor:* " + capacity.FormatFloor(floor, price) + ", " + capacity.FormatWindowFloor(floor, price, window) + "."
	}
	return contextText(BlockCost, text)
}
