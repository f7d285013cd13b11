package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/testworld"
)

// The process tests run the real binary with nothing configured: console on
// stdin/stdout, embedded Temporal under DATA_DIR, the simulated demo account.
// Every test runs its own process (own DATA_DIR and port) in parallel, so
// the two that wait for a one-minute boost set the package's duration.

// startupLimit is the promise: the bot answers within a minute of
// starting, once built.
const startupLimit = 60 * time.Second

// simulatedBanner heads every report from the demo account.
const simulatedBanner = "════ SIMULATED: a demo Temporal Cloud account, not yours ════"

func TestHelpAnswersSoonAfterStartAndExitsZero(t *testing.T) {
	t.Parallel()
	input := "/capacity help\n"
	p := startProc(t, procOptions{name: "help", dataDir: newDataDir(t), httpAddr: testworld.FreeAddr(t), input: &input})

	_, first := p.waitLine(0, "Usage of /capacity", startupLimit)
	took := first.at.Sub(p.started)
	t.Logf("first answer %s after start (cold DATA_DIR, embedded Temporal created)", took.Round(time.Millisecond))
	if took >= startupLimit {
		t.Errorf("first answer took %s, want under %s", took, startupLimit)
	}
	if code := p.waitExit(30 * time.Second); code != 0 {
		t.Fatalf("exit code %d after help on piped input, want 0", code)
	}
	out := joinLines(p.output())
	if !strings.HasPrefix(first.text, "[SIMULATED] ") {
		t.Errorf("help answer %q is not marked [SIMULATED]", first.text)
	}
	for _, want := range []string{
		"`/capacity analyze [namespace-glob …]`",
		"`/capacity boost <namespace> <TRUs> [for <duration> | until <time>] [reason…]`",
		"`/capacity status [namespace]`",
		"`/capacity extend <namespace> <duration>`",
		"`/capacity revert <namespace>",
		"`/capacity help`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("help text lacks %s", want)
		}
	}
}

// TestPipedAnalyzeAndBoost runs the README's piped example. The issue boosts
// for 2m; 1m (the shortest boost the bot accepts) keeps the test a minute
// shorter and exercises the same path.
func TestPipedAnalyzeAndBoost(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a one-minute boost")
	}
	t.Parallel()
	input := "/capacity analyze\n/capacity boost payments 4 for 1m\n"
	p := startProc(t, procOptions{name: "piped", dataDir: newDataDir(t), httpAddr: testworld.FreeAddr(t), input: &input})

	if code := p.waitExit(4 * time.Minute); code != 0 {
		t.Fatalf("exit code %d at the end of piped input, want 0", code)
	}
	lines := p.output()
	out := joinLines(lines)
	if !strings.Contains(out, simulatedBanner) {
		t.Errorf("output lacks the banner %q", simulatedBanner)
	}
	if !strings.Contains(out, "[SIMULATED] Boost of payments.demo42 to 4 TRUs started until") {
		t.Errorf("output lacks the boost's acknowledgement")
	}

	// Exactly one report row per demo namespace, and no other row.
	rows := reportRows(lines)
	ids := testworld.DemoNamespaces()
	for _, id := range ids {
		if n := rows[id]; n != 1 {
			t.Errorf("report has %d rows for %s, want 1", n, id)
		}
	}
	total := 0
	for _, n := range rows {
		total += n
	}
	if total != len(ids) {
		t.Errorf("report has %d rows (%v), want %d, one per demo namespace", total, rows, len(ids))
	}

	// The boost's thread ends with the verified revert and its root says done.
	thread, roots := boostMessages(lines, "payments.demo42")
	if len(thread) == 0 || len(roots) == 0 {
		t.Fatalf("no boost thread (%d replies) or root (%d versions) for payments.demo42", len(thread), len(roots))
	}
	if last := thread[len(thread)-1]; !strings.Contains(last, "payments.demo42 is back to on-demand (verified)") {
		t.Errorf("last thread reply %q, want it to say back to on-demand (verified)", last)
	}
	if last := roots[len(roots)-1]; !strings.Contains(last, "— done, back to on-demand") {
		t.Errorf("last root message %q, want done, back to on-demand", last)
	}
}

// TestBoostRevertsOnTimeAfterKill9 kills the process during a boost's hold
// and starts another on the same DATA_DIR: the revert must still come on
// time, from the persisted timer, against the persisted simulated account.
func TestBoostRevertsOnTimeAfterKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("waits for a one-minute boost")
	}
	t.Parallel()
	const hold = time.Minute // the shortest boost the bot accepts
	dataDir, httpAddr := newDataDir(t), testworld.FreeAddr(t)

	first := startProc(t, procOptions{name: "first run", dataDir: dataDir, httpAddr: httpAddr})
	first.send("/capacity boost payments 4 for 1m")
	i, ack := first.waitLine(0, "Boost of payments.demo42 to 4 TRUs started until", startupLimit)
	plannedEnd := ack.at.Add(hold)
	first.waitLine(i, "payments.demo42 is now at 4 TRUs (verified)", 30*time.Second)
	first.signal(syscall.SIGKILL)
	if code := first.waitExit(10 * time.Second); code != -1 {
		t.Fatalf("first run: exit code %d after SIGKILL, want killed (-1)", code)
	}
	if got := simulatedCapacity(t, dataDir, "payments.demo42"); !got.Equal(clients.Provisioned(4)) {
		t.Fatalf("simulated account after the kill: payments.demo42 at %s, want 4 TRUs", got)
	}
	killedAt := time.Now()
	if killedAt.After(plannedEnd) {
		t.Fatalf("the kill came %s after the planned end: the machine is too slow for this test", killedAt.Sub(plannedEnd))
	}

	// Same DATA_DIR, same HTTP port (free again after the kill).
	second := startProc(t, procOptions{name: "restart", dataDir: dataDir, httpAddr: httpAddr})
	j, rev := second.waitLine(0, "Reverting payments.demo42 to on-demand", time.Until(plannedEnd)+30*time.Second)
	lateness := rev.at.Sub(plannedEnd)
	t.Logf("killed %s before the planned end; revert seen %s after it", plannedEnd.Sub(killedAt).Round(time.Millisecond), lateness.Round(time.Millisecond))
	if lateness < -2*time.Second || lateness > 3*time.Second {
		t.Errorf("revert seen %s from the planned end, want within [-2s, +3s]", lateness)
	}
	second.waitLine(j, "payments.demo42 is back to on-demand (verified)", 30*time.Second)
	second.waitLine(j, "— done, back to on-demand", 10*time.Second)

	second.signal(syscall.SIGTERM)
	if code := second.waitExit(30 * time.Second); code != 0 {
		t.Fatalf("restart: exit code %d after SIGTERM, want 0", code)
	}
	if got := simulatedCapacity(t, dataDir, "payments.demo42"); !got.Equal(clients.OnDemand()) {
		t.Errorf("simulated account after the revert: payments.demo42 at %s, want on-demand", got)
	}
}

// reportRows counts the analysis report's rows per namespace: lines that
// start with a namespace ID of the demo account followed by a space.
func reportRows(lines []line) map[string]int {
	rows := map[string]int{}
	suffix := testworld.DemoNamespace("")
	for _, l := range lines {
		// A table row starts with the namespace; a card (narrow output) has
		// it alone on its first line.
		if f := strings.Fields(l.text); len(f) > 0 && strings.HasSuffix(f[0], suffix) {
			rows[f[0]]++
		}
	}
	return rows
}

// boostMessages splits a namespace's boost output into its thread replies
// and its root message versions, in order.
func boostMessages(lines []line, ns string) (thread, roots []string) {
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l.text, "  └ ") && strings.Contains(l.text, " "+ns+" · "):
			thread = append(thread, l.text)
		case strings.HasPrefix(l.text, "┌ [root") && strings.Contains(l.text, " "+ns+": "):
			roots = append(roots, l.text)
		}
	}
	return thread, roots
}

func joinLines(lines []line) string {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.text)
		b.WriteByte('\n')
	}
	return b.String()
}

// simulatedCapacity reads a namespace's current capacity from the simulated
// account's state file, the way a restarted process finds it.
func simulatedCapacity(t *testing.T, dataDir, ns string) clients.Capacity {
	t.Helper()
	path := filepath.Join(dataDir, simStateFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading the simulated account: %v", err)
	}
	var state struct {
		Namespaces []struct {
			Config  struct{ ID string } `json:"config"`
			Current clients.Capacity    `json:"current"`
		} `json:"namespaces"`
	}
	if err := json.Unmarshal(data, &state); err != nil {
		t.Fatalf("decoding %s: %v", path, err)
	}
	for _, n := range state.Namespaces {
		if n.Config.ID == ns {
			return n.Current
		}
	}
	t.Fatalf("%s has no namespace %s", path, ns)
	return clients.Capacity{}
}
