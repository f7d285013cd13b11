package slackbot

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/workflows"
)

// DecodeBoostSubmission reads a submitted boost modal. It returns the request
// (Requester is left to the caller, who knows the user) and the field errors,
// keyed by input block ID as Slack's "errors" response needs; the request is
// only meaningful when there are none. It never panics on malformed views.
func DecodeBoostSubmission(view slack.View, now time.Time) (workflows.BoostRequest, map[string]string) {
	errs := map[string]string{}
	var req workflows.BoostRequest
	meta, err := decodeMeta(view.PrivateMetadata)
	if err != nil {
		errs[BlockNamespace] = "This form is out of date; please close it and run /capacity boost again."
		return req, errs
	}
	get := func(block, action string) (slack.BlockAction, bool) {
		if view.State == nil {
			return slack.BlockAction{}, false
		}
		a, ok := view.State.Values[block][action]
		return a, ok
	}

	if a, ok := get(BlockNamespace, ActionNamespace); ok {
		req.Namespace = strings.TrimSpace(a.SelectedOption.Value)
	}
	if req.Namespace == "" {
		req.Namespace = meta.Namespace
	}
	if req.Namespace == "" {
		errs[BlockNamespace] = "Pick a namespace."
	}

	if a, ok := get(BlockTRUs, ActionTRUs); req.Namespace != "" {
		switch {
		case !ok && meta.Namespace != req.Namespace:
			errs[BlockNamespace] = "Pick the namespace again to load the TRU values it can take."
		case !ok:
			errs[BlockNamespace] = "This namespace has no TRU value you can pick; see the note below."
		case a.SelectedOption.Value == "":
			errs[BlockTRUs] = "Pick how many TRUs."
		case a.SelectedOption.Value == truOnDemand:
			req.OnDemand = true
		default:
			v, err := strconv.ParseFloat(a.SelectedOption.Value, 64)
			if err != nil || v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				errs[BlockTRUs] = "Pick a TRU value from the list."
			} else {
				req.TRUs = v
			}
		}
	}

	start := now
	if a, ok := get(BlockStart, ActionStart); ok && a.SelectedDateTime != 0 {
		t := time.Unix(a.SelectedDateTime, 0).UTC()
		if r := workflows.CheckBoostStart(t, now); r != nil {
			errs[BlockStart] = r.Message + " Leave it empty to start now."
		} else if t.After(now.Add(time.Minute)) {
			req.Start = t
			start = t
		}
	}

	if a, ok := get(BlockEndAt, ActionEndAt); ok && a.SelectedDateTime != 0 {
		t := time.Unix(a.SelectedDateTime, 0).UTC()
		if r := workflows.CheckBoostEnd(start, t, now); r != nil {
			errs[BlockEndAt] = r.Message
		} else {
			req.End = t
		}
	} else if a, ok := get(BlockEnd, ActionEnd); ok {
		switch v := a.SelectedOption.Value; v {
		case "":
		case endKeep, endNoneOld:
			req.Permanent = true
		default:
			d, err := time.ParseDuration(v)
			if err != nil || d <= 0 {
				errs[BlockEnd] = "Pick a duration from the list."
			} else {
				// A length: with approval it counts from the approval.
				req.End, req.Length = start.Add(d), d
			}
		}
	}

	if a, ok := get(BlockReason, ActionReason); ok {
		req.Reason = strings.TrimSpace(a.Value)
		if err := capacity.CheckReason(req.Reason); err != nil {
			errs[BlockReason] = err.Error()
		} else if !utf8.ValidString(req.Reason) {
			errs[BlockReason] = "The reason has characters that cannot be read."
		}
	}

	checkPermanent(&req, errs)
	req.Report = meta.report()

	if a, ok := get(BlockChannel, ActionChannel); ok {
		req.Channel = a.SelectedConversation
	}
	if req.Channel == "" {
		req.Channel = meta.Channel
	}
	if req.Channel == "" {
		errs[BlockChannel] = "Pick a channel to report in."
	}
	return req, errs
}

// checkPermanent holds the form's choices to what a permanent change ("keep")
// can be: it applies now, and only it may go to on-demand.
func checkPermanent(req *workflows.BoostRequest, errs map[string]string) {
	switch {
	case req.Permanent && !req.Start.IsZero():
		errs[BlockStart] = "A permanent change (keep) applies now: leave the start empty, or pick a duration for a boost."
	case req.OnDemand && !req.Permanent:
		if _, taken := errs[BlockEnd]; !taken {
			errs[BlockEnd] = "On-demand can only be kept: pick “keep: permanent change”."
		}
	}
}
