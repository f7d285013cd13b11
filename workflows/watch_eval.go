package workflows

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// watchEval is the outcome of one check: the incidents still open, and the
// alerts to post (opened ones still lack their suggested boost).
type watchEval struct {
	incidents map[string]WatchIncident
	alerts    []WatchAlert
}

// evaluateWatch compares one usage snapshot against the thresholds and the
// open incidents. It is pure (and iterates in sorted order) so that it can
// run in workflow code and be table-tested. A namespace is "hot" when it is
// throttled or its actions per second reach its threshold share of the
// limit. A hot namespace without an incident opens one (one alert); an open
// incident closes after cfg.ClearAfter consecutive quiet checks (one clear
// note). A namespace missing from the snapshot keeps its incident as it is:
// no data is not good news. So does a namespace whose usage is unreadable
// (NaN, infinite or negative samples): its figures are unknown, not zero.
func evaluateWatch(cfg WatchConfig, open map[string]WatchIncident, snap clients.UsageSnapshot, now time.Time) watchEval {
	cfg = cfg.withDefaults()
	out := watchEval{incidents: make(map[string]WatchIncident, len(open))}
	maps.Copy(out.incidents, open)
	for _, ns := range slices.Sorted(maps.Keys(snap.Namespaces)) {
		u := snap.Namespaces[ns]
		if u.Unreadable != "" {
			continue
		}
		share, threshold, sensitive, throttled, hot := watchHeat(cfg, ns, u)
		inc, isOpen := out.incidents[ns]
		alert := WatchAlert{
			Namespace: ns, APS: u.ActionsPerSecond, APSLimit: u.ActionLimit, ThrottledPerSec: u.ThrottledPerSecond,
			Share: share, Threshold: threshold, Sensitive: sensitive, CurrentTRUs: u.ProvisionedTRUs, At: now,
		}
		switch {
		case hot && !isOpen:
			out.incidents[ns] = WatchIncident{Namespace: ns, OpenedAt: now, Throttled: throttled, PeakShare: share}
			alert.Kind, alert.OpenedAt = WatchOpened, now
			out.alerts = append(out.alerts, alert)
		case hot:
			inc.Quiet = 0
			inc.Throttled = inc.Throttled || throttled
			inc.PeakShare = max(inc.PeakShare, share)
			out.incidents[ns] = inc
		case isOpen:
			inc.Quiet++
			if inc.Quiet < cfg.ClearAfter {
				out.incidents[ns] = inc
				continue
			}
			delete(out.incidents, ns)
			alert.Kind, alert.OpenedAt = WatchCleared, inc.OpenedAt
			out.alerts = append(out.alerts, alert)
		}
	}
	return out
}

// watchDemand is the action rate a namespace asked for: what was served plus
// what was throttled.
func watchDemand(a WatchAlert) float64 {
	return math.Max(a.APS, 0) + math.Max(a.ThrottledPerSec, 0)
}

// suggestTRUs picks the boost for a demand: the smallest TRU value valid for
// the namespace whose limit serves the demand at TargetUtilisation, above the
// current TRUs, within the available maximum and maxTRUs (MAX_TRUS). When
// none is big enough the largest allowed value is suggested with a note;
// when none is allowed at all, 0 with the reason.
func suggestTRUs(demandAPS, currentTRUs float64, info clients.CapacityInfo, maxTRUs float64) WatchSuggestion {
	var valid []float64
	for _, v := range capacity.ValidTRUs(info.ValidTRUs, info.MaxAvailableTRUs, maxTRUs) {
		if v > currentTRUs {
			valid = append(valid, v)
		}
	}
	if len(valid) == 0 {
		return WatchSuggestion{Note: fmt.Sprintf("No TRU value above the current %s is valid, available and within the most this bot may boost to, so no boost is suggested.", recNum(currentTRUs))}
	}
	need := demandAPS / TargetUtilisation / capacity.APSPerTRU
	for _, v := range valid {
		if v >= need {
			return WatchSuggestion{TRUs: v}
		}
	}
	top := valid[len(valid)-1]
	return WatchSuggestion{TRUs: top, Note: fmt.Sprintf("The demand needs about %s TRUs; %s is the most that can be set here.", recNum(math.Ceil(need)), recNum(top))}
}

// watchHeat is the one rule of when a namespace is hot: throttled now, or at
// or above its threshold's share of its limit.
func watchHeat(cfg WatchConfig, ns string, u clients.NamespaceUsage) (share, threshold float64, sensitive, throttled, hot bool) {
	threshold, sensitive = cfg.ThresholdFor(ns)
	if u.ActionLimit > 0 {
		share = u.ActionsPerSecond / u.ActionLimit
	}
	throttled = u.ThrottledPerSecond > 0
	hot = throttled || (u.ActionLimit > 0 && share >= threshold)
	return share, threshold, sensitive, throttled, hot
}
