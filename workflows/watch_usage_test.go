package workflows

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"go.uber.org/zap"
)

// TestWatchUsageAnswersOnlyWhatMatters: the watch's read keeps its answer
// small at any account size: hot namespaces, those with an open incident
// and unreadable ones; a cold namespace without an incident is left out. A
// zero input (a task scheduled by a run from before the input existed) gets
// every namespace.
func TestWatchUsageAnswersOnlyWhatMatters(t *testing.T) {
	ids := []string{"cold.acct", "hot.acct", "open.acct", "odd.acct"}
	cloud := newBoostFakeCloud(ids[0], clients.OnDemand())
	for _, id := range ids[1:] {
		cloud.caps[id] = clients.NamespaceCapacity{Namespace: id, Current: clients.OnDemand()}
	}
	odd := watchUnreadable("odd.acct")
	snap := watchSnap(watchUse("cold.acct", 10, 1000, 0), watchUse("hot.acct", 950, 1000, 0), watchUse("open.acct", 20, 1000, 0), odd)
	cfg := WatchConfig{Interval: time.Minute, Threshold: 0.9}.withDefaults()
	for _, tt := range []struct {
		name string
		in   WatchUsageInput
		want []string
	}{
		{"with the watch's config", WatchUsageInput{Config: cfg, Open: []string{"open.acct"}}, []string{"hot.acct", "odd.acct", "open.acct"}},
		{"zero input", WatchUsageInput{}, []string{"cold.acct", "hot.acct", "odd.acct", "open.acct"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			a := &Activities{Cloud: cloud, Usage: &watchFakeUsage{snaps: []clients.UsageSnapshot{snap}}, Logger: zap.NewNop()}
			got, err := a.WatchUsage(context.Background(), tt.in)
			if err != nil {
				t.Fatal(err)
			}
			names := slices.Sorted(maps.Keys(got.Namespaces))
			if !slices.Equal(names, tt.want) {
				t.Errorf("answered %v, want %v", names, tt.want)
			}
		})
	}
}
