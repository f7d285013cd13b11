package testworld

import (
	"strings"
	"testing"
	"time"
)

// Poll checks cond every tick until it holds (true) or timeout passes
// (false). It is for state that changes without an event to wait on: the
// simulated cloud, a bot's connection flag, a workflow's phase.
func Poll(timeout, tick time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(timeout)
	tk := time.NewTicker(tick)
	defer tk.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		<-tk.C
	}
	return true
}

// TaskQueue names a test's task queue after the test, so that parallel
// tests on one server never take each other's tasks.
func TaskQueue(t testing.TB, prefix string) string {
	return prefix + strings.NewReplacer("/", "-", " ", "-").Replace(t.Name())
}
