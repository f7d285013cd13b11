package check_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/check"
	"github.com/capacitybot/capacitybot/internal/config"
)

func TestSettings(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want []want
	}{
		{name: "valid", want: []want{{status: check.StatusOK, saw: []string{"loaded and valid"}}}},
		{name: "each bad setting on its own line", err: errors.Join(
			&config.SettingError{Name: "MAX_TRUS", Problem: "must be at least 1, got 0"},
			&config.SettingError{Name: "LOG_LEVEL", Problem: `must be debug, info, warn or error, got "loud"`}),
			want: []want{
				{status: check.StatusFail, saw: []string{"MAX_TRUS must be at least 1"}, fix: []string{"set MAX_TRUS"}},
				{status: check.StatusFail, saw: []string{"LOG_LEVEL must be"}, fix: []string{"set LOG_LEVEL"}},
			}},
		{name: "unreadable settings", err: fmt.Errorf("reading settings: %w", errors.New("MAX_TRUS: invalid syntax")),
			want: []want{{status: check.StatusFail, saw: []string{"MAX_TRUS: invalid syntax"}, fix: []string{".env.example"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertResults(t, run(check.Settings(tt.err)), tt.want)
		})
	}
}

// The real validation's errors come out one line per setting.
func TestSettingsFromValidate(t *testing.T) {
	cfg := config.Config{MaxTRUs: 0, TaskQueue: "", SlackConnections: 1, CloudOpsRateLimit: 1,
		MaxBoostDuration: time.Hour, MaxBoostLead: time.Hour, LogLevel: "info", LogFormat: "console", SimKeyRole: "admin",
		WatchThreshold: 0.9, WatchSensitiveThreshold: 0.5}
	got := run(check.Settings(cfg.Validate()))
	var names []string
	for _, r := range got {
		names = append(names, r.Saw[:len("MAX_TRUS")]) // both names have 8 letters
	}
	if len(got) != 2 || got[0].Status != check.StatusFail || got[1].Status != check.StatusFail {
		t.Fatalf("got %s", dump(got))
	}
	if want := []string{"TASK_QUE", "MAX_TRUS"}; !reflect.DeepEqual(names, want) {
		t.Errorf("lines start with %v, want %v", names, want)
	}
}

func TestSuite(t *testing.T) {
	slow := check.Check{Part: "slow", Run: func(ctx context.Context) []check.Result {
		<-ctx.Done()
		return nil
	}}
	quick := func(part string, s check.Status, cheap bool) check.Check {
		return check.Check{Part: part, Cheap: cheap, Simulated: part == "sim", Run: func(context.Context) []check.Result {
			return []check.Result{{Status: s, Saw: "saw " + part, Fix: "fix " + part}}
		}}
	}
	tests := []struct {
		name      string
		checks    []check.Check
		cheapOnly bool
		lines     []string
		failed    bool
		summary   string
	}{
		{name: "order kept, fix only on warnings and failures",
			checks:  []check.Check{quick("a", check.StatusOK, true), quick("sim", check.StatusWarn, false), quick("c", check.StatusOff, false)},
			lines:   []string{"✓ a: saw a", "⚠ [S] sim: saw sim — fix: fix sim", "– c: saw c"},
			summary: "✓ a, ⚠ sim, – c"},
		{name: "a failure fails the report",
			checks: []check.Check{quick("a", check.StatusFail, true), quick("b", check.StatusOK, true)},
			lines:  []string{"✗ a: saw a — fix: fix a", "✓ b: saw b"}, failed: true, summary: "✗ a, ✓ b"},
		{name: "cheap only", cheapOnly: true,
			checks: []check.Check{quick("a", check.StatusOK, true), quick("b", check.StatusFail, false)},
			lines:  []string{"✓ a: saw a"}, summary: "✓ a"},
		{name: "a check that overruns fails",
			checks: []check.Check{slow, quick("b", check.StatusOK, true)},
			lines:  []string{"✗ slow: no answer within 50ms — fix: check the network path to this service (proxy, firewall, DNS) and its address setting", "✓ b: saw b"},
			failed: true, summary: "✗ slow, ✓ b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := check.NewSuite(50*time.Millisecond, tt.checks...)
			r := s.Run(context.Background())
			if tt.cheapOnly {
				r = s.RunCheap(context.Background())
			}
			marker := func(sim bool) string {
				if sim {
					return "[S] "
				}
				return ""
			}
			if got := r.Lines(marker); !reflect.DeepEqual(got, tt.lines) {
				t.Errorf("lines\n%q\nwant\n%q", got, tt.lines)
			}
			if r.Failed() != tt.failed {
				t.Errorf("Failed() = %v, want %v", r.Failed(), tt.failed)
			}
			if got := r.Summary(); got != tt.summary {
				t.Errorf("Summary() = %q, want %q", got, tt.summary)
			}
		})
	}
}
