// Package check finds out, before anything is changed, whether the bot's
// settings, its Temporal cluster, the Temporal Cloud keys and the Slack app
// are what the bot needs, and says how to fix what is not. It changes nothing
// anywhere. `capacitybot check` and `/capacity check` both run a Suite; the
// start-up log prints the cheap part of it on one line. Each dependency is
// reached through a small interface declared here, so that tests run every
// check against the simulated cloud and the fake Slack.
package check

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Status is a check's verdict.
type Status int

// The verdicts. Only StatusFail makes `capacitybot check` exit 1.
const (
	StatusOK Status = iota
	StatusWarn
	StatusFail
	// StatusOff is a part that is not configured (Slack in console mode).
	StatusOff
)

// Symbol is the verdict's mark at the start of a line.
func (s Status) Symbol() string {
	switch s {
	case StatusOK:
		return "✓"
	case StatusWarn:
		return "⚠"
	case StatusFail:
		return "✗"
	}
	return "–"
}

// Result is one line of a report: what was checked, what was seen and, for a
// warning or a failure, the fix in words.
type Result struct {
	Part   string // "settings", "Temporal", "Cloud Ops API", "Metrics API", "Slack"
	Status Status
	Saw    string
	Fix    string
	// Simulated marks a result about the simulated Temporal Cloud account.
	Simulated bool
}

// Check is one part's checks. Run returns one Result per thing checked.
type Check struct {
	Part string
	// Cheap checks call nothing outside the bot's own machine and cluster,
	// so the start-up log may run them; the others count against Temporal
	// Cloud's and Slack's rate limits.
	Cheap     bool
	Simulated bool
	Run       func(ctx context.Context) []Result
}

// DefaultTimeout bounds each check.
const DefaultTimeout = 20 * time.Second

// Suite runs checks concurrently, each within its timeout.
type Suite struct {
	checks  []Check
	timeout time.Duration
}

// NewSuite builds a suite; timeout 0 means DefaultTimeout.
func NewSuite(timeout time.Duration, checks ...Check) *Suite {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Suite{checks: checks, timeout: timeout}
}

// Run runs every check.
func (s *Suite) Run(ctx context.Context) Report { return s.run(ctx, false) }

// RunCheap runs the cheap checks only.
func (s *Suite) RunCheap(ctx context.Context) Report { return s.run(ctx, true) }

func (s *Suite) run(ctx context.Context, cheapOnly bool) Report {
	out := make([][]Result, len(s.checks))
	var wg sync.WaitGroup
	for i, c := range s.checks {
		if cheapOnly && !c.Cheap {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = s.runOne(ctx, c)
		}()
	}
	wg.Wait()
	var r Report
	for _, rs := range out {
		r.Results = append(r.Results, rs...)
	}
	return r
}

// runOne runs a check within the timeout. A check that overruns is a
// failure: its goroutine is left to notice the cancelled context.
func (s *Suite) runOne(ctx context.Context, c Check) []Result {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	done := make(chan []Result, 1)
	go func() { done <- c.Run(ctx) }()
	select {
	case rs := <-done:
		for i := range rs {
			rs[i].Part = c.Part
			rs[i].Simulated = c.Simulated
		}
		return rs
	case <-ctx.Done():
		return []Result{{Part: c.Part, Status: StatusFail, Simulated: c.Simulated,
			Saw: fmt.Sprintf("no answer within %s", s.timeout),
			Fix: "check the network path to this service (proxy, firewall, DNS) and its address setting"}}
	}
}

// Report is the outcome of a run, in the suite's order.
type Report struct {
	Results []Result
}

// Failed reports whether any check failed: `capacitybot check` exits 1.
func (r Report) Failed() bool {
	for _, res := range r.Results {
		if res.Status == StatusFail {
			return true
		}
	}
	return false
}

// Lines renders one line per result. marker returns the simulated marker
// ("" when not simulated); its owner is the bot package.
func (r Report) Lines(marker func(simulated bool) string) []string {
	lines := make([]string, 0, len(r.Results))
	for _, res := range r.Results {
		var b strings.Builder
		fmt.Fprintf(&b, "%s %s%s: %s", res.Status.Symbol(), marker(res.Simulated), res.Part, res.Saw)
		if res.Fix != "" && (res.Status == StatusWarn || res.Status == StatusFail) {
			b.WriteString(" — fix: " + res.Fix)
		}
		lines = append(lines, b.String())
	}
	return lines
}

// Summary is the report on one line, for the start-up log: each part with
// its worst verdict.
func (r Report) Summary() string {
	var parts []string
	worst := map[string]Status{}
	for _, res := range r.Results {
		prev, seen := worst[res.Part]
		if !seen {
			parts = append(parts, res.Part)
		}
		if !seen || rank(res.Status) > rank(prev) {
			worst[res.Part] = res.Status
		}
	}
	items := make([]string, 0, len(parts))
	for _, p := range parts {
		items = append(items, worst[p].Symbol()+" "+p)
	}
	return strings.Join(items, ", ")
}

// rank orders verdicts from best to worst for Summary.
func rank(s Status) int {
	switch s {
	case StatusFail:
		return 3
	case StatusWarn:
		return 2
	case StatusOK:
		return 1
	}
	return 0
}

// ok, warn, fail and off build results; the suite fills Part.
func ok(format string, args ...any) Result {
	return Result{Status: StatusOK, Saw: fmt.Sprintf(format, args...)}
}

func warn(fix, format string, args ...any) Result {
	return Result{Status: StatusWarn, Saw: fmt.Sprintf(format, args...), Fix: fix}
}

func fail(fix, format string, args ...any) Result {
	return Result{Status: StatusFail, Saw: fmt.Sprintf(format, args...), Fix: fix}
}

func off(format string, args ...any) Result {
	return Result{Status: StatusOff, Saw: fmt.Sprintf(format, args...)}
}
