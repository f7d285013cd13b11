package e2e

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// TestConsoleSetThenAnalyze types `/capacity set analytics-etl on-demand too
// big` at the console (the same app.Build as cmd/capacitybot, on a real
// Temporal server and the simulated cloud): the namespace becomes
// on-demand, verified, and a later analyze shows it on-demand.
func TestConsoleSetThenAnalyze(t *testing.T) {
	tc := testworld.StartTemporal(t)
	cloud := startCloud(t, "")
	etl := testworld.DemoNamespace("analytics-etl")
	log := zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel))
	ops, usage, err := app.CloudClients(app.CloudOptions{CallTimeout: 10 * time.Second}.Loopback(cloud.GRPCAddr(), cloud.MetricsURL(), simKey), nil, log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ops.Close() })
	in, typed := io.Pipe()
	var out testworld.SyncBuffer
	wf := func(ctx context.Context, id string) error { return tc.GetWorkflow(ctx, id, "").Get(ctx, nil) }
	tq := testworld.TaskQueue(t, "e2e-console-")
	p, err := app.Build(app.Options{Temporal: tc, TaskQueue: tq, Ops: ops, Usage: usage, Policy: testPolicy(),
		DefaultDuration: time.Hour, Simulated: true, Logger: log,
		Console: &app.ConsoleOptions{In: in, Out: &out, User: "alice", WaitWorkflow: wf}})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Worker.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Worker.Stop)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- p.Console.Run(ctx) }()

	typeLine := func(line string) {
		t.Helper()
		if _, err := io.WriteString(typed, line+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	typeLine("/capacity set analytics-etl on-demand too big")
	// The console answers once the workflow has started.
	if !testworld.Poll(wait, 20*time.Millisecond, func() bool { return strings.Contains(out.String(), "change of "+etl) }) {
		t.Fatalf("the console never answered the set:\n%s", out.String())
	}
	st := boostResult(t, tc, etl, wait)
	if st.Phase != workflows.PhaseDone || !st.Verified || !st.Request.Permanent || !st.Target.Equal(clients.OnDemand()) {
		t.Fatalf("set ended %+v, want done and verified at on-demand\n%s", st, out.String())
	}
	waitCapacity(t, cloud, etl, clients.OnDemand(), wait)

	typeLine("/capacity analyze analytics-etl")
	_ = typed.Close()
	if err := <-ran; err != nil {
		t.Fatalf("console: %v", err)
	}
	p.Console.Wait(ctx, time.Minute)
	text := out.String()
	for _, want := range []string{"Permanent change of " + etl + " to on-demand started",
		etl + " is now at on-demand (verified). This is a permanent change"} {
		if !strings.Contains(text, want) {
			t.Errorf("console output lacks %q:\n%s", want, text)
		}
	}
	// The report's row: "<ns> <mode> …" as a table, or "<ns>" then
	// "mode <mode> · …" as a card when the output is narrow.
	var mode string
	lines := strings.Split(text, "\n")
	for i, line := range lines {
		switch f := strings.Fields(line); {
		case len(f) > 1 && f[0] == etl && !strings.HasPrefix(f[1], "·"):
			mode = f[1]
		case len(f) == 1 && f[0] == etl && i+1 < len(lines):
			if next := strings.Fields(lines[i+1]); len(next) > 1 && next[0] == "mode" {
				mode = next[1]
			}
		}
	}
	if mode != string(clients.ModeOnDemand) {
		t.Errorf("the report shows %s as %q, want it on-demand\n%s", etl, mode, text)
	}
}
