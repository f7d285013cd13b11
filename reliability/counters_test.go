package reliability

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// soakEnv is the environment variable that turns on the soak mode: the
// number of times each scenario runs (default 1, the short form).
const soakEnv = "SOAK_RUNS"

// reportEnv names the file the counters are written to at the end (default
// capacitybot-reliability.md in the temp folder).
const reportEnv = "RELIABILITY_REPORT"

// runs is how many times each scenario runs.
func runs(t testing.TB) int {
	v := os.Getenv(soakEnv)
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		t.Fatalf("%s=%q: want a positive number of runs", soakEnv, v)
	}
	return n
}

// counts are the figures docs/reliability.md reports, per scenario.
type counts struct {
	Runs            int
	FaultsInjected  int
	BoostsStarted   int
	EndedCorrect    int
	AlertsSent      int
	Duplicates      int
	SecretsInLogs   int
	LogLinesScanned int
	Refusals        int
	// MaxLateMS is the worst lateness of a revert past the boost's end,
	// beyond the time the process was down.
	MaxLateMS int64
	// RepeatedPosts counts Slack messages posted twice after a crash (a
	// notify activity whose result was lost is retried: at least once).
	RepeatedPosts int
	// KilledAfterSend counts crash runs killed after the phase's capacity
	// change had reached the cloud.
	KilledAfterSend int
}

// counters accumulates counts per scenario for the whole test binary.
type counters struct{ scenario string }

// newCounters is one test's handle on the shared table.
func newCounters(scenario string) *counters {
	return &counters{scenario: scenario}
}

func (c *counters) add(f func(*counts)) {
	table.mu.Lock()
	defer table.mu.Unlock()
	cur, ok := table.all[c.scenario]
	if !ok {
		cur = &counts{}
		table.all[c.scenario] = cur
	}
	f(cur)
}

// table is the test binary's tally, written out by TestMain. It is test
// bookkeeping only, shared because the report spans every test.
var table = struct {
	mu  sync.Mutex
	all map[string]*counts
}{all: map[string]*counts{}}

// report renders the tally as a Markdown table.
func report(mode string) string {
	table.mu.Lock()
	defer table.mu.Unlock()
	names := make([]string, 0, len(table.all))
	for n := range table.all {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	fmt.Fprintf(&b, "Mode: %s\n\n", mode)
	b.WriteString("| scenario | runs | faults injected | boosts started | ended correct | alerts sent | refusals | duplicates | secrets in logs | log lines scanned | worst late revert (ms) | repeated Slack posts | killed after the change was sent |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n")
	var tot counts
	for _, n := range names {
		c := table.all[n]
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", n, c.Runs, c.FaultsInjected,
			c.BoostsStarted, c.EndedCorrect, c.AlertsSent, c.Refusals, c.Duplicates, c.SecretsInLogs, c.LogLinesScanned, c.MaxLateMS,
			c.RepeatedPosts, c.KilledAfterSend)
		tot.Runs += c.Runs
		tot.FaultsInjected += c.FaultsInjected
		tot.BoostsStarted += c.BoostsStarted
		tot.EndedCorrect += c.EndedCorrect
		tot.AlertsSent += c.AlertsSent
		tot.Refusals += c.Refusals
		tot.Duplicates += c.Duplicates
		tot.SecretsInLogs += c.SecretsInLogs
		tot.LogLinesScanned += c.LogLinesScanned
		tot.MaxLateMS = max(tot.MaxLateMS, c.MaxLateMS)
		tot.RepeatedPosts += c.RepeatedPosts
		tot.KilledAfterSend += c.KilledAfterSend
	}
	fmt.Fprintf(&b, "| **total** | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d |\n", tot.Runs, tot.FaultsInjected,
		tot.BoostsStarted, tot.EndedCorrect, tot.AlertsSent, tot.Refusals, tot.Duplicates, tot.SecretsInLogs, tot.LogLinesScanned, tot.MaxLateMS,
		tot.RepeatedPosts, tot.KilledAfterSend)
	return b.String()
}

func TestMain(m *testing.M) {
	code := m.Run()
	mode := "short (SOAK_RUNS unset)"
	if v := os.Getenv(soakEnv); v != "" {
		mode = "soak, " + soakEnv + "=" + v
	}
	out := report(mode)
	fmt.Print("\nreliability counts\n" + out)
	path := os.Getenv(reportEnv)
	if path == "" {
		path = filepath.Join(os.TempDir(), "capacitybot-reliability.md")
	}
	if err := os.WriteFile(path, []byte(out), 0o644); err != nil {
		fmt.Printf("writing %s: %v\n", path, err)
	} else {
		fmt.Printf("written to %s\n", path)
	}
	os.Exit(code)
}
