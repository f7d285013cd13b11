package metrics

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/capacitybot/capacitybot/clients"
)

// completeness values of the X-Completeness header.
const (
	completenessComplete = "complete"
	completenessLimited  = "limited"
)

// unreadableLimited is the Unreadable reason of a namespace whose batch
// the API kept answering as limited: its usage is unknown, not zero.
const unreadableLimited = "the Metrics API served only part of its namespace batch (X-Completeness: limited) even after splitting it"

// FetchUsage reads the last completed minute of usage for every namespace:
// in one request when the account fits the API's point cap, else in
// batches of namespace globs sized from the last scrape (plan.go). A batch
// answered as limited is never taken as complete: it is split and read
// again; namespaces of one that cannot be split further, or that the
// per-scrape request bound leaves unread, are marked Unreadable (never
// zero usage) and the snapshot is "limited". Every request waits for room
// in the hourly budget; a watch check (clients.PurposeWatch) that comes too
// soon returns clients.ErrWatchDeferred instead. Errors are *clients.Error:
// KindRateLimited (with the server's Retry-After), KindUnavailable,
// KindPermission, KindInvalid, KindMalformed, or KindInternal for a status
// statusRules does not name.
func (c *Client) FetchUsage(ctx context.Context) (clients.UsageSnapshot, error) {
	c.mu.Lock()
	known := maps.Clone(c.known)
	c.mu.Unlock()
	plan := known.plan()
	watch := clients.UsagePurposeOf(ctx) == clients.PurposeWatch
	start := c.clock.Now()
	if watch {
		if err := c.watch.admit(start, len(plan)); err != nil {
			return clients.UsageSnapshot{}, err
		}
	}
	run := scrapeRun{c: c, known: known, learnt: knowledge{}, queue: plan}
	snap, err := run.do(ctx)
	if run.requests == 0 {
		return snap, err
	}
	c.mu.Lock()
	if len(run.unresolved) > 0 || err != nil {
		// Keep what is not re-learnt: the next plan still knows those.
		for l, p := range c.known {
			if _, ok := run.learnt[l]; !ok {
				run.learnt[l] = p
			}
		}
	}
	c.known = run.learnt
	next := len(c.known.plan())
	c.mu.Unlock()
	if watch {
		c.watch.record(start, next)
	}
	return snap, err
}

// scrapeRun is one FetchUsage: the batches left, what was read and learnt.
type scrapeRun struct {
	c          *Client
	known      knowledge // the last scrape's, updated as responses arrive
	learnt     knowledge // this scrape's
	queue      []batch
	requests   int
	unresolved []batch
	parts      []clients.UsageSnapshot // complete (or unknown) answers
}

func (r *scrapeRun) do(ctx context.Context) (clients.UsageSnapshot, error) {
	for len(r.queue) > 0 {
		b := r.queue[0]
		r.queue = r.queue[1:]
		if r.requests >= r.c.maxRequests {
			r.unresolved = append(r.unresolved, b)
			continue
		}
		if err := r.c.budget.take(ctx); err != nil {
			return clients.UsageSnapshot{}, err
		}
		globs := b.globs
		if len(globs) == 1 && globs[0] == allGlob {
			globs = nil
		}
		p, pts, err := r.c.request(ctx, globs, false)
		r.requests++
		if err != nil {
			return clients.UsageSnapshot{}, err
		}
		for l, n := range pts {
			r.learnt[l] = max(r.learnt[l], n)
			r.known[l] = max(r.known[l], n)
		}
		if p.Completeness != completenessLimited {
			r.parts = append(r.parts, p.Snapshot)
			continue
		}
		sub := r.known.split(b)
		if sub == nil {
			r.unresolved = append(r.unresolved, b)
			continue
		}
		r.queue = append(sub, r.queue...)
	}
	return r.merge(), nil
}

// merge is the snapshot of every complete answer, with the namespaces of
// unresolved batches marked unreadable.
func (r *scrapeRun) merge() clients.UsageSnapshot {
	out := clients.UsageSnapshot{Namespaces: map[string]clients.NamespaceUsage{}, Completeness: completenessComplete}
	seen := map[string]bool{}
	addWarning := func(w string) {
		if !seen[w] && len(out.Warnings) < maxWarnings {
			seen[w] = true
			out.Warnings = append(out.Warnings, w)
		}
	}
	for _, p := range r.parts {
		maps.Copy(out.Namespaces, p.Namespaces)
		if p.Completeness != completenessComplete {
			out.Completeness = p.Completeness
		}
		for _, w := range p.Warnings {
			addWarning(w)
		}
	}
	if len(r.unresolved) == 0 {
		return out
	}
	out.Completeness = completenessLimited
	marked := 0
	for _, l := range slices.Sorted(maps.Keys(r.known)) {
		if _, ok := out.Namespaces[l]; ok || !batchesMatch(r.unresolved, l) {
			continue
		}
		out.Namespaces[l] = clients.NamespaceUsage{Namespace: l, Unreadable: unreadableLimited}
		marked++
	}
	addWarning(fmt.Sprintf("%s: %d namespace batches could not be read whole in %d requests; their %d known namespaces are marked unreadable and others may be missing",
		completenessWarning(completenessLimited), len(r.unresolved), r.requests, marked))
	return out
}

func batchesMatch(bs []batch, label string) bool {
	for _, b := range bs {
		for _, g := range b.globs {
			if globMatches(g, label) {
				return true
			}
		}
	}
	return false
}
