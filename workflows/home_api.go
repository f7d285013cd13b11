package workflows

import (
	"slices"
	"time"
)

// Names of the App Home workflow. One workflow ID for the whole deployment:
// it remembers who opened the bot's Home tab lately, so that any replica's
// worker can refresh their Home when a boost changes phase.
const (
	HomeWorkflowName = "CapacityHome"
	HomeWorkflowID   = "capacity-home"
	// SignalHomeOpened records that a user opened the Home tab (sent with
	// SignalWithStart, which starts the workflow when it is not running).
	SignalHomeOpened = "home_opened"
	// QueryHomeViewers answers the recorded openers ([]HomeViewer).
	QueryHomeViewers = "home_viewers"
)

// HomeViewerTTL is how long after opening the Home tab a user's Home is
// still refreshed when a boost changes phase.
const HomeViewerTTL = time.Hour

// Bounds that keep the home workflow's payloads and history small.
const (
	// maxHomeViewers caps the remembered openers (the most recent are kept):
	// each phase change publishes one view per opener.
	maxHomeViewers = 100
	// homeSignalsPerRun is how many opens a run records before it continues
	// as new with the openers still within HomeViewerTTL.
	homeSignalsPerRun = 500
)

// HomeOpened is the payload of SignalHomeOpened.
type HomeOpened struct {
	User string `json:"user"`
}

// HomeViewer is a user who opened the Home tab, and when (workflow time).
type HomeViewer struct {
	User     string    `json:"user"`
	OpenedAt time.Time `json:"openedAt"`
}

// HomeState is the home workflow's input: the openers carried over a
// continue-as-new.
type HomeState struct {
	Viewers []HomeViewer `json:"viewers,omitempty"`
	// SignalsPerRun overrides homeSignalsPerRun (0: the default); the
	// history recorder sets it low to record a continue-as-new.
	SignalsPerRun int `json:"signalsPerRun,omitempty"`
}

// RecentHomeViewers is the rule for whose Home is refreshed: each user once
// (their latest open), opened within HomeViewerTTL before now, newest first,
// at most maxHomeViewers. The workflow prunes with it and callers filter a
// query's answer with it at their own clock.
func RecentHomeViewers(viewers []HomeViewer, now time.Time) []HomeViewer {
	sorted := slices.Clone(viewers)
	slices.SortStableFunc(sorted, func(a, b HomeViewer) int { return b.OpenedAt.Compare(a.OpenedAt) })
	out := make([]HomeViewer, 0, min(len(sorted), maxHomeViewers))
	seen := map[string]bool{}
	for _, v := range sorted {
		if v.User == "" || seen[v.User] || now.Sub(v.OpenedAt) >= HomeViewerTTL {
			continue
		}
		seen[v.User] = true
		out = append(out, v)
		if len(out) == maxHomeViewers {
			break
		}
	}
	return out
}
