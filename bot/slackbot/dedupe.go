package slackbot

import "sync"

// recentIDs remembers the last n envelope IDs, so a redelivered envelope is
// acked again but not handled twice. It is a convenience for people (no
// double replies); correctness rests on workflow IDs, which make every start
// idempotent across replicas that do not share this memory.
type recentIDs struct {
	mu   sync.Mutex
	set  map[string]struct{}
	ring []string
	next int
}

func newRecentIDs(n int) *recentIDs {
	return &recentIDs{set: make(map[string]struct{}, n), ring: make([]string, n)}
}

// seen records id and reports whether it was already there.
func (r *recentIDs) seen(id string) bool {
	if id == "" {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.set[id]; ok {
		return true
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.set, old)
	}
	r.ring[r.next] = id
	r.next = (r.next + 1) % len(r.ring)
	r.set[id] = struct{}{}
	return false
}
