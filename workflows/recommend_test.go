package workflows

import (
	"math"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
)

// refCase translates a case of the Python reference's
// _calculate_recommended_trus(limit, count) table: the namespace is
// provisioned with floor(limit/500) TRUs when that is above 1 (the reference
// treats 1 TRU as on-demand), else on-demand with that limit; usage is a steady
// count, so the 7-day mean, p90 and p99 all equal it. The reference knows no
// on-demand envelope: it is given the documented 500 APS floor. No valid TRU
// values are given, so the documented tiers 2..12 apply.
func refCase(limit, count float64) RecommendInput {
	in := RecommendInput{
		Usage: clients.NamespaceUsage{ActionsPerSecond: count, ActionLimit: limit},
		Info: clients.CapacityInfo{
			OnDemandAPSLimit: 500,
			APS:              clients.APSStats{Mean: count, P90: count, P99: count},
		},
	}
	if t := math.Floor(limit / 500); t > 1 {
		in.Current = clients.Provisioned(t)
	} else {
		in.Current = clients.OnDemand()
	}
	return in
}

func TestRecommendReferenceCases(t *testing.T) {
	od := clients.OnDemand()
	p := clients.Provisioned
	tests := []struct {
		name         string
		limit, count float64
		want         clients.Capacity
		action       Action
	}{
		// from 0
		{"0/0", 0, 0, od, ActionKeep},
		{"0/50", 0, 50, od, ActionKeep},
		{"0/750", 0, 750, p(2), ActionSwitchProvision},
		// reference: 0 (on-demand) at exactly 500 APS, i.e. 100% of the 500 APS
		// on-demand limit; we give 2 TRUs (1000 APS, 50%) for headroom.
		{"0/500", 0, 500, p(2), ActionSwitchProvision},
		{"0/501", 0, 501, p(2), ActionSwitchProvision},
		// scale-up
		{"500/400", 500, 400, od, ActionKeep}, // exactly 80%: still covered
		{"1000/900", 1000, 900, p(3), ActionAdd},
		// reference: 5 → 6 TRUs (3000 APS, 83% utilised); we give 8, the
		// smallest documented tier at or below 80% (6 is 83%, 7 is not a tier).
		{"2500/2500", 2500, 2500, p(8), ActionAdd},
		{"500/395", 500, 395, od, ActionKeep},
		// scale-down
		{"1000/50", 1000, 50, od, ActionSwitchOnDemand},
		// reference test expects 4 (an older one-step-down rule its code no
		// longer has); its code gives 0, as we do.
		{"2500/250", 2500, 250, od, ActionSwitchOnDemand},
		// reference test expects 9; its code gives 0, as we do.
		{"5000/150", 5000, 150, od, ActionSwitchOnDemand},
		{"500/50", 500, 50, od, ActionKeep},
		{"500/150", 500, 150, od, ActionKeep},
		{"500/100", 500, 100, od, ActionKeep},
		{"500/99", 500, 99, od, ActionKeep},
		// no-change
		{"500/250", 500, 250, od, ActionKeep},
		// reference: keep 2 TRUs (300 APS is above the 100 APS floor); we
		// return to on-demand, whose 500 APS covers 300 at 60% with no floor.
		{"1000/300", 1000, 300, od, ActionSwitchOnDemand},
		// reference: keep 5; on-demand's 500 APS covers 400 at 80%.
		{"2500/400", 2500, 400, od, ActionSwitchOnDemand},
		// reference: keep 3; on-demand covers 250 at 50%.
		{"1500/250", 1500, 250, od, ActionSwitchOnDemand},
		{"2000/1580", 2000, 1580, p(4), ActionKeep},
		// edge
		{"750/200", 750, 200, od, ActionKeep},
		{"500/0.1", 500, 0.1, od, ActionKeep},
		// reference: 100 → 101 TRUs (+1 at 80%, no cap); 100 TRUs already give
		// 80% and no valid value is larger, so we keep them and say so.
		{"50000/40000", 50000, 40000, p(100), ActionKeep},
		// reference: 2 TRUs at 1000 APS (100% utilised); we give 3 for headroom.
		{"0/1000", 0, 1000, p(3), ActionSwitchProvision},
		{"1000/1200", 1000, 1200, p(3), ActionAdd},
		// real-world
		{"0/25", 0, 25, od, ActionKeep},
		// reference: 11 TRUs, which is not a documented tier; we give 12.
		{"5000/4500", 5000, 4500, p(12), ActionAdd},
		{"2500/2125", 2500, 2125, p(6), ActionAdd},
		// reference test expects 9 and its code gives 0 (on-demand); on-demand's
		// 500 APS would run at 100%, so we reduce to 2 TRUs (50%).
		{"5000/500", 5000, 500, p(2), ActionReduce},
		// reference test expects 2; its code gives 0, as we do.
		{"1500/5", 1500, 5, od, ActionSwitchOnDemand},
		{"1000/0", 1000, 0, od, ActionSwitchOnDemand},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Recommend(refCase(tc.limit, tc.count))
			if !got.Capacity.Equal(tc.want) || got.Action != tc.action {
				t.Fatalf("Recommend(limit %v, count %v) = %s / %s, want %s / %s\nreason: %s",
					tc.limit, tc.count, got.Capacity, got.Action, tc.want, tc.action, got.Reason)
			}
			if got.MinActionsPerHour != costFloor(tc.want) {
				t.Errorf("MinActionsPerHour = %v, want %v", got.MinActionsPerHour, costFloor(tc.want))
			}
			if got.Reason == "" {
				t.Error("empty reason")
			}
		})
	}
}

// TestRecommendReferenceActivityCases translates the reference's activity
// table (§7.2), where the Cloud Ops mode is known.
func TestRecommendReferenceActivityCases(t *testing.T) {
	tests := []struct {
		name    string
		current clients.Capacity
		limit   float64
		count   float64
		want    clients.Capacity
	}{
		{"heavy on-demand", clients.OnDemand(), 500, 1200, clients.Provisioned(3)},
		{"light on-demand", clients.OnDemand(), 500, 150, clients.OnDemand()},
		{"scaling down", clients.Provisioned(5), 2500, 200, clients.OnDemand()},
		// reference: 3 → 4 TRUs (scales up at >= 80%); 1200 APS is exactly 80%
		// of 1500, within our target, so we keep 3.
		{"stable", clients.Provisioned(3), 1500, 1200, clients.Provisioned(3)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := refCase(tc.limit, tc.count)
			in.Current = tc.current
			got := Recommend(in)
			if !got.Capacity.Equal(tc.want) {
				t.Fatalf("got %s, want %s; reason: %s", got.Capacity, tc.want, got.Reason)
			}
		})
	}
}

func TestRecommend(t *testing.T) {
	stats := func(mean, p90, p99 float64) clients.APSStats {
		return clients.APSStats{Mean: mean, P90: p90, P99: p99}
	}
	tiers := []float64{2, 3, 4, 6, 8, 10, 12}
	tests := []struct {
		name   string
		in     RecommendInput
		want   clients.Capacity
		action Action
		reason []string // fragments the reason must contain
	}{
		{
			name: "throttled on-demand goes provisioned above the current limit",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 700, ActionLimit: 1000, ThrottledPerSecond: 10},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 1000, ValidTRUs: tiers, APS: stats(600, 700, 700)},
			},
			// 710 APS fits 2 TRUs, but throttling asks for more than the current 1000.
			want: clients.Provisioned(3), action: ActionSwitchProvision,
			reason: []string{"throttled (10 APS)", "1,500 APS", "3 TRUs"},
		},
		{
			name: "throttled provisioned adds capacity even when utilisation looks fine",
			in: RecommendInput{
				Current: clients.Provisioned(4),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 1500, ActionLimit: 2000, ThrottledPerSecond: 5},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: stats(1000, 1400, 1500)},
			},
			want: clients.Provisioned(6), action: ActionAdd,
			reason: []string{"throttled at 2,000 APS", "6 TRUs allow 3,000 APS"},
		},
		{
			name: "throttled at the maximum available keeps and says so",
			in: RecommendInput{
				Current: clients.Provisioned(4),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 2000, ThrottledPerSecond: 300},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, MaxAvailableTRUs: 4, APS: stats(1500, 1900, 2000)},
			},
			want: clients.Provisioned(4), action: ActionKeep,
			reason: []string{"no larger value is available", "throttled (300 APS)", "At most 4 TRUs"},
		},
		{
			name: "sizes on the 7-day p99, not the current sample",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 100, ActionLimit: 500},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: stats(100, 200, 900)},
			},
			want: clients.Provisioned(3), action: ActionSwitchProvision,
			reason: []string{"p99 900 APS", "3 TRUs allow 1,500 APS", "60% utilised"},
		},
		{
			name: "one TRU when the API says it is valid",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 350},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 400, ValidTRUs: []float64{8, 1, 2, 4}, APS: stats(300, 350, 350)},
			},
			want: clients.Provisioned(1), action: ActionSwitchProvision,
		},
		{
			name: "never one TRU when it is not valid",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 350},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 400, ValidTRUs: []float64{2, 4}, APS: stats(300, 350, 350)},
			},
			want: clients.Provisioned(2), action: ActionSwitchProvision,
		},
		{
			name: "capped at the maximum available when demand exceeds it",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 4000},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 1000, ValidTRUs: tiers, MaxAvailableTRUs: 6, APS: stats(3000, 3500, 4000)},
			},
			want: clients.Provisioned(6), action: ActionSwitchProvision,
			reason: []string{"would need 10 TRUs", "largest available", "At most 6 TRUs"},
		},
		{
			name: "on-demand stays when it already gives more than any provisioned value",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 7000, ActionLimit: 8000},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 8000, ValidTRUs: tiers, APS: stats(5000, 6000, 7000)},
			},
			want: clients.OnDemand(), action: ActionKeep,
			reason: []string{"no available provisioned capacity gives more"},
		},
		{
			name: "on-demand limit in force above the envelope counts",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 2500, ActionLimit: 5000},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 500, HasLegacyLimits: true, ValidTRUs: tiers, APS: stats(2000, 2800, 3000)},
			},
			want: clients.OnDemand(), action: ActionKeep,
			reason: []string{"5,000 APS (the limit in force now)", "60%"},
		},
		{
			name: "scale down to the smallest value that still covers demand",
			in: RecommendInput{
				Current: clients.Provisioned(8),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 900, ActionLimit: 4000},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: stats(800, 950, 1000)},
			},
			want: clients.Provisioned(3), action: ActionReduce,
			reason: []string{"2,520,000 to 720,000 actions/hour"},
		},
		{
			name: "docs rule estimates on-demand when no limit is given",
			in: RecommendInput{
				Current: clients.Provisioned(2),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 400},
				// max(500, min(4×200, 2×500)) = 800, the docs' worked example.
				Info: clients.CapacityInfo{ValidTRUs: tiers, APS: stats(200, 500, 600)},
			},
			want: clients.OnDemand(), action: ActionSwitchOnDemand,
			reason: []string{"800 APS (estimated by the docs' rule)", "360,000 actions/hour"},
		},
		{
			name: "on-demand envelope from the Metrics API when Cloud Ops gives none",
			in: RecommendInput{
				Current: clients.Provisioned(2),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 400, OnDemandEnvelopeLimit: 600},
				Info:    clients.CapacityInfo{ValidTRUs: tiers, APS: stats(400, 400, 600)},
			},
			want: clients.Provisioned(2), action: ActionKeep,
			reason: []string{"600 APS (the Metrics API)"},
		},
		{
			name: "documented tiers when the valid values are unknown",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 2500},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 500, APS: stats(2000, 2400, 2500)},
			},
			want: clients.Provisioned(8), action: ActionSwitchProvision,
			reason: []string{"documented tiers"},
		},
		{
			name: "provisioned value off the valid list is kept when it is the cap",
			in: RecommendInput{
				Current: clients.Provisioned(16),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: 7500},
				Info:    clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, APS: stats(7000, 7400, 7500)},
			},
			want: clients.Provisioned(16), action: ActionKeep,
		},
		{
			name: "unknown mode recommends nothing",
			in: RecommendInput{
				Current: clients.Capacity{Mode: clients.ModeUnknown},
				Info:    clients.CapacityInfo{APS: stats(1, 1, 1)},
			},
			want: clients.Capacity{Mode: clients.ModeUnknown}, action: ActionUnknown,
			reason: []string{"could not be read"},
		},
		{
			name: "provisioned with zero TRUs is nonsense, not on-demand",
			in:   RecommendInput{Current: clients.Capacity{Mode: clients.ModeProvisioned}},
			want: clients.Capacity{Mode: clients.ModeUnknown}, action: ActionUnknown,
		},
		{
			name: "bad numbers are treated as zero",
			in: RecommendInput{
				Current: clients.OnDemand(),
				Usage:   clients.NamespaceUsage{ActionsPerSecond: math.NaN(), ThrottledPerSecond: -3},
				Info:    clients.CapacityInfo{ValidTRUs: []float64{math.Inf(1), -2, 0}, APS: stats(math.Inf(1), math.NaN(), -1)},
			},
			want: clients.OnDemand(), action: ActionKeep,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Recommend(tc.in)
			if !got.Capacity.Equal(tc.want) || got.Action != tc.action {
				t.Fatalf("got %s / %s, want %s / %s\nreason: %s", got.Capacity, got.Action, tc.want, tc.action, got.Reason)
			}
			for _, frag := range tc.reason {
				if !strings.Contains(got.Reason, frag) {
					t.Errorf("reason %q lacks %q", got.Reason, frag)
				}
			}
			if got.MinActionsPerHour != costFloor(got.Capacity) {
				t.Errorf("MinActionsPerHour = %v, want %v", got.MinActionsPerHour, costFloor(got.Capacity))
			}
		})
	}
}

// TestMinActionsPerHour checks the reference's calculate_minimum_charged_aps
// table (APS), times 3600 seconds.
func TestMinActionsPerHour(t *testing.T) {
	tests := []struct {
		capacity clients.Capacity
		wantAPS  float64
	}{
		{clients.OnDemand(), 0}, // reference t=0
		{clients.Provisioned(1), 0},
		{clients.Provisioned(2), 100},
		{clients.Provisioned(5), 400},
		{clients.Provisioned(10), 900},
		{clients.Provisioned(4), 300}, // the docs' example: 1,080,000/hour
		{clients.Capacity{Mode: clients.ModeUnknown, TRUs: 4}, 0},
	}
	for _, tc := range tests {
		if got, want := costFloor(tc.capacity), tc.wantAPS*3600; got != want {
			t.Errorf("costFloor(%s) = %v, want %v", tc.capacity, got, want)
		}
	}
}

func TestRecNum(t *testing.T) {
	tests := map[float64]string{0: "0", 0.1: "0.1", 5.25: "5.25", 12.34: "12.3", 999: "999", 1000: "1,000", 1234567.6: "1,234,568", -2500: "-2,500"}
	for in, want := range tests {
		if got := recNum(in); got != want {
			t.Errorf("recNum(%v) = %q, want %q", in, got, want)
		}
	}
}
