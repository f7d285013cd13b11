package check_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/clients/simcloud/simcloudtest"
	"github.com/capacitybot/capacitybot/internal/check"
)

// start is the simulated clock's time in every test.
var start = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// sim starts the demo account with opts (its clock fixed at start).
func sim(t *testing.T, opts simcloud.Options) *simcloud.Cloud {
	t.Helper()
	return simAccount(t, simcloud.DemoAccount(), opts)
}

// simAccount is sim of another account.
func simAccount(t *testing.T, acct simcloud.Account, opts simcloud.Options) *simcloud.Cloud {
	t.Helper()
	opts.Now = simcloudtest.NewClock(start).Now
	c := simcloud.New(acct, opts)
	if err := c.Start(); err != nil {
		t.Fatalf("starting the simulated cloud: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// opsClient is a Cloud Ops client of addr (plaintext, as for the simulator).
func opsClient(t *testing.T, addr, key, version string) *cloudops.Client {
	t.Helper()
	c, err := cloudops.New(cloudops.Options{Address: addr, APIKey: key, APIVersion: version, Insecure: true, CallTimeout: 5 * time.Second})
	if err != nil {
		t.Fatalf("cloud ops client: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func metricsClient(url, key string) *metrics.Client {
	return metrics.New(metrics.Options{BaseURL: url, APIKey: key})
}

// run runs one check through a suite, as `check` does.
func run(c check.Check) []check.Result {
	return check.NewSuite(10*time.Second, c).Run(context.Background()).Results
}

// want is one expected line: its status and words it must contain.
type want struct {
	status check.Status
	saw    []string
	fix    []string
}

// assertResults compares results with wants line by line.
func assertResults(t *testing.T, got []check.Result, wants []want) {
	t.Helper()
	if len(got) != len(wants) {
		t.Fatalf("got %d results, want %d:\n%s", len(got), len(wants), dump(got))
	}
	for i, w := range wants {
		g := got[i]
		if g.Status != w.status {
			t.Errorf("result %d: status %s, want %s: %s", i, g.Status.Symbol(), w.status.Symbol(), g.Saw)
		}
		for _, s := range w.saw {
			if !strings.Contains(g.Saw, s) {
				t.Errorf("result %d: %q lacks %q", i, g.Saw, s)
			}
		}
		for _, s := range w.fix {
			if !strings.Contains(g.Fix, s) {
				t.Errorf("result %d: fix %q lacks %q", i, g.Fix, s)
			}
		}
		if (g.Status == check.StatusWarn || g.Status == check.StatusFail) && g.Fix == "" {
			t.Errorf("result %d: %s without a fix: %s", i, g.Status.Symbol(), g.Saw)
		}
	}
}

func dump(rs []check.Result) string {
	var b strings.Builder
	for _, l := range (check.Report{Results: rs}).Lines(func(bool) string { return "" }) {
		b.WriteString(l + "\n")
	}
	return b.String()
}
