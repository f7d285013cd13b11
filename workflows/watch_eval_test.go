package workflows

import (
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

func watchSnap(us ...clients.NamespaceUsage) clients.UsageSnapshot {
	s := clients.UsageSnapshot{Namespaces: map[string]clients.NamespaceUsage{}, Completeness: "complete"}
	for _, u := range us {
		s.Namespaces[u.Namespace] = u
	}
	return s
}

func watchUse(ns string, aps, limit, throttled float64) clients.NamespaceUsage {
	return clients.NamespaceUsage{Namespace: ns, ActionsPerSecond: aps, ActionLimit: limit, ThrottledPerSecond: throttled}
}

// watchUnreadable is a namespace whose samples were all unusable.
func watchUnreadable(ns string) clients.NamespaceUsage {
	return clients.NamespaceUsage{Namespace: ns, Unreadable: "the Metrics API served a NaN value of temporal_cloud_v1_total_action_count"}
}

func TestEvaluateWatch(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	cfg := WatchConfig{Threshold: 0.9, SensitiveThreshold: 0.5, Sensitive: []string{"pay*"}, ClearAfter: 2}
	open := func(ns string, quiet int) map[string]WatchIncident {
		return map[string]WatchIncident{ns: {Namespace: ns, OpenedAt: now.Add(-time.Hour), Quiet: quiet}}
	}
	tests := []struct {
		name       string
		open       map[string]WatchIncident
		snap       clients.UsageSnapshot
		wantKinds  []WatchAlertKind
		wantOpen   []string
		wantQuiet  int
		wantThresh float64
	}{
		{"quiet namespace: nothing", nil, watchSnap(watchUse("orders.a", 400, 1000, 0)), nil, nil, 0, 0},
		{"at 90%: opens", nil, watchSnap(watchUse("orders.a", 900, 1000, 0)), []WatchAlertKind{WatchOpened}, []string{"orders.a"}, 0, 0.9},
		{"throttled below the threshold: opens", nil, watchSnap(watchUse("orders.a", 100, 1000, 3)), []WatchAlertKind{WatchOpened}, []string{"orders.a"}, 0, 0.9},
		{"sensitive at 50%: opens", nil, watchSnap(watchUse("payments.a", 500, 1000, 0)), []WatchAlertKind{WatchOpened}, []string{"payments.a"}, 0, 0.5},
		{"sensitive at 49%: nothing", nil, watchSnap(watchUse("payments.a", 490, 1000, 0)), nil, nil, 0, 0},
		{"still hot: no second alert", open("orders.a", 1), watchSnap(watchUse("orders.a", 950, 1000, 1)), nil, []string{"orders.a"}, 0, 0},
		{"first quiet check: still open", open("orders.a", 0), watchSnap(watchUse("orders.a", 100, 1000, 0)), nil, []string{"orders.a"}, 1, 0},
		{"second quiet check: cleared", open("orders.a", 1), watchSnap(watchUse("orders.a", 100, 1000, 0)), []WatchAlertKind{WatchCleared}, nil, 0, 0.9},
		{"missing from the snapshot: kept", open("orders.a", 1), watchSnap(), nil, []string{"orders.a"}, 1, 0},
		{"no limit known, not throttled: nothing", nil, watchSnap(watchUse("orders.a", 900, 0, 0)), nil, nil, 0, 0},
		{"unreadable: kept, not counted quiet", open("orders.a", 1), watchSnap(watchUnreadable("orders.a")), nil, []string{"orders.a"}, 1, 0},
		{"unreadable and throttled: no alert on unknown figures", nil, watchSnap(func() clients.NamespaceUsage {
			u := watchUse("orders.a", 0, 1000, 5)
			u.Unreadable = "the Metrics API served a NaN value of temporal_cloud_v1_total_action_count"
			return u
		}()), nil, nil, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(tt.open)
			ev := evaluateWatch(cfg, tt.open, tt.snap, now)
			if len(tt.open) != before {
				t.Fatal("evaluateWatch changed its input map")
			}
			var kinds []WatchAlertKind
			for _, a := range ev.alerts {
				kinds = append(kinds, a.Kind)
				if tt.wantThresh != 0 && a.Threshold != tt.wantThresh {
					t.Errorf("threshold = %v, want %v", a.Threshold, tt.wantThresh)
				}
			}
			if len(kinds) != len(tt.wantKinds) || (len(kinds) > 0 && kinds[0] != tt.wantKinds[0]) {
				t.Errorf("alerts = %v, want %v", kinds, tt.wantKinds)
			}
			if len(ev.incidents) != len(tt.wantOpen) {
				t.Fatalf("open incidents = %v, want %v", ev.incidents, tt.wantOpen)
			}
			for _, ns := range tt.wantOpen {
				inc, ok := ev.incidents[ns]
				if !ok {
					t.Fatalf("incident %s not open", ns)
				}
				if inc.Quiet != tt.wantQuiet {
					t.Errorf("quiet = %d, want %d", inc.Quiet, tt.wantQuiet)
				}
			}
		})
	}
}

func TestSuggestTRUs(t *testing.T) {
	info := clients.CapacityInfo{ValidTRUs: []float64{2, 3, 4, 6, 8, 10}, MaxAvailableTRUs: 8}
	tests := []struct {
		name    string
		demand  float64
		current float64
		maxTRUs float64
		want    float64
		note    bool
	}{
		{"on-demand at 900 APS: 3 TRUs (1500 limit, 80% headroom)", 900, 0, 12, 3, false},
		{"provisioned 4 at 2000 APS throttled: 6", 2000, 4, 12, 6, false},
		{"demand beyond the available maximum: capped at 8 with a note", 10000, 4, 12, 8, true},
		{"MAX_TRUS below the need: capped at 4 with a note", 3000, 2, 4, 4, true},
		{"already at the top: nothing, with a note", 5000, 8, 12, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := suggestTRUs(tt.demand, tt.current, info, tt.maxTRUs)
			if got.TRUs != tt.want || (got.Note != "") != tt.note {
				t.Errorf("suggestTRUs = %+v, want %v TRUs (note %v)", got, tt.want, tt.note)
			}
		})
	}
}
