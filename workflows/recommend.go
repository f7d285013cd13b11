package workflows

import (
	"fmt"
	"math"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// Capacity rules from the Temporal Cloud docs (capacity modes, limits and
// pricing pages). They are constants rather than settings because they describe
// the service, not a preference.
const (
	// TargetUtilisation is the share of a limit the demand may use; the rest is
	// headroom for bursts the 7-day statistics did not see. The docs advise
	// alerting at 70-80% of the limit.
	TargetUtilisation = 0.8
	// onDemandDefaultAPS is the on-demand floor every namespace gets.
	onDemandDefaultAPS = 500.0
)

// documentedTRUTiers are the TRU values the docs list ("2, 3, 4, 6, 8, 10, 12
// TRUs, subject to availability"), used only when the API gave none.
var documentedTRUTiers = [...]float64{2, 3, 4, 6, 8, 10, 12}

// RecommendInput is everything Recommend looks at for one namespace.
type RecommendInput struct {
	Current clients.Capacity       // from Cloud Ops (GetNamespace)
	Usage   clients.NamespaceUsage // last minute from the Metrics API; zero when missing
	Info    clients.CapacityInfo   // valid TRUs, on-demand limit, 7-day statistics
}

// Recommendation is the capacity a namespace should have and why, in words a
// person can check against the numbers.
type Recommendation struct {
	Capacity          clients.Capacity `json:"capacity"`
	Action            Action           `json:"action"`
	Reason            string           `json:"reason"`
	MinActionsPerHour float64          `json:"minActionsPerHour"`
}

// costFloor is the hourly action minimum a capacity setting implies
// (capacity.MinActionsPerHour for provisioned TRUs); on-demand has none.
func costFloor(c clients.Capacity) float64 {
	if c.Mode != clients.ModeProvisioned {
		return 0
	}
	return capacity.MinActionsPerHour(c.TRUs)
}

// Recommend decides a namespace's capacity. It is pure so that it can be
// table-tested and called from workflow code.
//
// The rule: size for the demand (the highest of the 7-day p99 and p90, the
// current rate, and current rate plus throttled actions) at no more than 80%
// of the limit. On-demand is preferred whenever its limit gives that headroom
// and nothing is throttled, because it has no hourly minimum. Otherwise pick
// the smallest valid TRU value giving the headroom, capped at the maximum
// available; throttling always asks for more than the current limit.
func Recommend(in RecommendInput) Recommendation {
	r := newRecommender(in)
	switch in.Current.Mode {
	case clients.ModeOnDemand:
		return r.fromOnDemand()
	case clients.ModeProvisioned:
		if !(in.Current.TRUs > 0) {
			return unknownRecommendation(fmt.Sprintf("Cloud Ops reports provisioned capacity with %v TRUs, which makes no sense; nothing is recommended.", in.Current.TRUs))
		}
		return r.fromProvisioned()
	default:
		return unknownRecommendation("The current capacity mode could not be read, so no change is recommended.")
	}
}

func unknownRecommendation(reason string) Recommendation {
	return Recommendation{
		Capacity: clients.Capacity{Mode: clients.ModeUnknown},
		Action:   ActionUnknown,
		Reason:   reason,
	}
}

// recommender holds the figures derived once from the input.
type recommender struct {
	in        RecommendInput
	demand    float64 // APS to size for
	demandTxt string  // how demand was derived, in words
	throttled float64
	odLimit   float64 // the APS limit on-demand would give
	odTxt     string
	tiers     []float64 // settable TRU values, ascending, within max available
	tiersNote string    // set when tiers are the documented ones or were cut
}

func newRecommender(in RecommendInput) *recommender {
	r := &recommender{in: in}
	now := recNonNeg(in.Usage.ActionsPerSecond)
	p90 := recNonNeg(in.Info.APS.P90)
	p99 := recNonNeg(in.Info.APS.P99)
	r.throttled = recNonNeg(in.Usage.ThrottledPerSecond)
	r.demand = max(p99, p90, now, now+r.throttled)
	r.demandTxt = fmt.Sprintf("7-day p99 %s APS, p90 %s, now %s", recNum(p99), recNum(p90), recNum(now))
	if r.throttled > 0 {
		r.demandTxt += fmt.Sprintf(", %s APS throttled", recNum(r.throttled))
	}

	switch {
	case recNonNeg(in.Info.OnDemandAPSLimit) > 0:
		r.odLimit, r.odTxt = in.Info.OnDemandAPSLimit, "Cloud Ops"
	case recNonNeg(in.Usage.OnDemandEnvelopeLimit) > 0:
		r.odLimit, r.odTxt = in.Usage.OnDemandEnvelopeLimit, "the Metrics API"
	default:
		// The docs' rule: the greater of 500 and the lesser of 4× mean and 2× p90.
		r.odLimit = max(onDemandDefaultAPS, min(4*recNonNeg(in.Info.APS.Mean), 2*p90))
		r.odTxt = "estimated by the docs' rule"
	}

	valid := capacity.ValidTRUs(in.Info.ValidTRUs, 0, 0)
	if len(valid) == 0 {
		valid = documentedTRUTiers[:]
		r.tiersNote = "The valid TRU values were not known, so the documented tiers 2, 3, 4, 6, 8, 10, 12 were used."
	}
	maxAvail := recNonNeg(in.Info.MaxAvailableTRUs)
	r.tiers = capacity.ValidTRUs(valid, maxAvail, 0)
	if len(r.tiers) < len(valid) && r.tiersNote == "" {
		r.tiersNote = fmt.Sprintf("At most %s %s available now.", recNum(maxAvail), capacity.TRUWord(maxAvail))
	}
	return r
}

// covers reports whether limit serves the demand with the target headroom.
func (r *recommender) covers(limit float64) bool {
	return r.demand <= limit*TargetUtilisation
}

// pick returns the smallest settable TRU value whose limit gives headroom and
// exceeds floor (the current limit when throttled), or the largest settable
// value with capped set when none does. ok is false when nothing is settable.
func (r *recommender) pick(floor float64) (trus float64, capped, ok bool) {
	if len(r.tiers) == 0 {
		return 0, false, false
	}
	for _, t := range r.tiers {
		if limit := t * capacity.APSPerTRU; r.covers(limit) && limit > floor {
			return t, false, true
		}
	}
	return r.tiers[len(r.tiers)-1], true, true
}

// neededTRUs is the TRU count (not snapped) the demand needs with headroom.
func (r *recommender) neededTRUs() float64 {
	return math.Ceil(r.demand / TargetUtilisation / capacity.APSPerTRU)
}

func (r *recommender) fromOnDemand() Recommendation {
	curLimit := recNonNeg(r.in.Usage.ActionLimit)
	if curLimit == 0 {
		curLimit = r.odLimit
	}
	if curLimit > r.odLimit {
		// The limit in force now (e.g. one set by Temporal support, which
		// is kept as a floor) is what this namespace really gets on-demand.
		r.odLimit, r.odTxt = curLimit, "the limit in force now"
	}
	if r.throttled == 0 && r.covers(r.odLimit) {
		return r.result(clients.OnDemand(), ActionKeep, fmt.Sprintf(
			"Stay on-demand: its limit of %s APS (%s) covers the demand of %s APS (%s) at %s.",
			recNum(r.odLimit), r.odTxt, recNum(r.demand), r.demandTxt, recPct(r.demand, r.odLimit)))
	}
	why := fmt.Sprintf("on-demand's limit of %s APS (%s) is too small for the demand of %s APS (%s) with %s headroom",
		recNum(r.odLimit), r.odTxt, recNum(r.demand), r.demandTxt, recPct(1-TargetUtilisation, 1))
	floor := max(curLimit, r.odLimit)
	if r.throttled > 0 {
		why = fmt.Sprintf("actions are being throttled (%s APS) at the on-demand limit of %s APS; demand %s APS (%s)",
			recNum(r.throttled), recNum(curLimit), recNum(r.demand), r.demandTxt)
	}
	t, capped, ok := r.pick(floor)
	if !ok || t*capacity.APSPerTRU <= floor {
		return r.result(clients.OnDemand(), ActionKeep, fmt.Sprintf(
			"Stay on-demand, although %s: no available provisioned capacity gives more than on-demand's %s APS. Ask Temporal support for more.",
			why, recNum(floor)))
	}
	target := clients.Provisioned(t)
	msg := fmt.Sprintf("Switch to %s: %s. %s allow %s APS (%s utilised).",
		target, why, target, recNum(t*capacity.APSPerTRU), recPct(r.demand, t*capacity.APSPerTRU))
	if capped {
		msg += r.cappedNote()
	}
	return r.result(target, ActionSwitchProvision, msg)
}

func (r *recommender) fromProvisioned() Recommendation {
	cur := r.in.Current
	curLimit := cur.TRUs * capacity.APSPerTRU
	if r.throttled == 0 && r.covers(r.odLimit) {
		return r.result(clients.OnDemand(), ActionSwitchOnDemand, fmt.Sprintf(
			"Switch to on-demand: its limit of %s APS (%s) covers the demand of %s APS (%s) at %s, and it drops the minimum of %s actions/hour that %s carry.",
			recNum(r.odLimit), r.odTxt, recNum(r.demand), r.demandTxt, recPct(r.demand, r.odLimit),
			recNum(costFloor(cur)), cur))
	}
	floor := 0.0
	if r.throttled > 0 {
		floor = curLimit
	}
	t, capped, ok := r.pick(floor)
	switch {
	case !ok:
		return r.result(cur, ActionKeep, fmt.Sprintf(
			"Keep %s: no TRU value is available to change to; demand %s APS (%s) against %s APS (%s).",
			cur, recNum(r.demand), r.demandTxt, recNum(curLimit), recPct(r.demand, curLimit)))
	case capped && t <= cur.TRUs && r.covers(curLimit):
		return r.result(cur, ActionKeep, fmt.Sprintf(
			"Keep %s: %s APS covers the demand of %s APS (%s) at %s, and no valid value is larger.",
			cur, recNum(curLimit), recNum(r.demand), r.demandTxt, recPct(r.demand, curLimit)))
	case capped && t <= cur.TRUs:
		// Nothing settable is bigger than what the namespace already has.
		return r.result(cur, ActionKeep, fmt.Sprintf(
			"Keep %s (%s APS, %s utilised): demand %s APS (%s) would need %s TRUs, and no larger value is available.%s",
			cur, recNum(curLimit), recPct(r.demand, curLimit), recNum(r.demand), r.demandTxt,
			recNum(r.neededTRUs()), r.throttleNote()))
	case t == cur.TRUs:
		return r.result(cur, ActionKeep, fmt.Sprintf(
			"Keep %s: %s APS covers the demand of %s APS (%s) at %s; on-demand's %s APS (%s) would not.",
			cur, recNum(curLimit), recNum(r.demand), r.demandTxt, recPct(r.demand, curLimit), recNum(r.odLimit), r.odTxt))
	case t > cur.TRUs:
		target := clients.Provisioned(t)
		why := fmt.Sprintf("demand of %s APS (%s) runs %s utilised against %s APS",
			recNum(r.demand), r.demandTxt, recPct(r.demand, curLimit), recNum(curLimit))
		if r.throttled > 0 {
			why = fmt.Sprintf("actions are being throttled at %s APS; demand %s APS (%s)",
				recNum(curLimit), recNum(r.demand), r.demandTxt)
		}
		msg := fmt.Sprintf("Raise to %s: %s. %s allow %s APS (%s utilised).",
			target, why, target, recNum(t*capacity.APSPerTRU), recPct(r.demand, t*capacity.APSPerTRU))
		if capped {
			msg += r.cappedNote()
		}
		return r.result(target, ActionAdd, msg)
	default:
		target := clients.Provisioned(t)
		return r.result(target, ActionReduce, fmt.Sprintf(
			"Reduce to %s: %s APS covers the demand of %s APS (%s) at %s, and the minimum falls from %s to %s actions/hour; on-demand's %s APS (%s) would not cover it.",
			target, recNum(t*capacity.APSPerTRU), recNum(r.demand), r.demandTxt, recPct(r.demand, t*capacity.APSPerTRU),
			recNum(costFloor(cur)), recNum(costFloor(target)), recNum(r.odLimit), r.odTxt))
	}
}

func (r *recommender) cappedNote() string {
	return fmt.Sprintf(" The demand would need %s TRUs for %s headroom, more than the largest available value; ask Temporal support for more.",
		recNum(r.neededTRUs()), recPct(1-TargetUtilisation, 1))
}

func (r *recommender) throttleNote() string {
	if r.throttled == 0 {
		return ""
	}
	return fmt.Sprintf(" Actions are being throttled (%s APS); ask Temporal support for more capacity.", recNum(r.throttled))
}

func (r *recommender) result(c clients.Capacity, a Action, reason string) Recommendation {
	if r.tiersNote != "" && c.Mode == clients.ModeProvisioned {
		reason += " " + r.tiersNote
	}
	return Recommendation{Capacity: c, Action: a, Reason: reason, MinActionsPerHour: costFloor(c)}
}

// nonNeg turns the values a broken source might send (NaN, ±Inf, negatives)
// into 0, so that bad data can never produce a huge recommendation.
func recNonNeg(v float64) float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
		return 0
	}
	return v
}
