package console

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// fakeEngine drives the console's notifier the way the workflows would. With
// sync set it posts every message before returning (a deterministic
// transcript); otherwise it waits for release before finishing.
type fakeEngine struct {
	notifier workflows.Notifier
	sync     bool
	release  chan struct{}
	wg       sync.WaitGroup
	mu       sync.Mutex
	boosts   map[string]workflows.BoostStatus
}

func (f *fakeEngine) StartAnalysis(ctx context.Context, id string, req workflows.AnalysisRequest) (bool, error) {
	post := func() {
		r := testReport()
		r.Simulated = false
		r.Rows = r.Rows[:2]
		_ = f.notifier.PostReport(ctx, req.Channel, r)
	}
	f.run(post)
	return false, nil
}

func (f *fakeEngine) StartBoost(ctx context.Context, req workflows.BoostRequest) (workflows.BoostStatus, error) {
	f.mu.Lock()
	if st, ok := f.boosts[req.Namespace]; ok {
		f.mu.Unlock()
		return workflows.BoostStatus{}, &bot.BoostRunningError{Status: st}
	}
	st := workflows.BoostStatus{Request: req, Phase: workflows.PhasePlanned, Before: clients.OnDemand(),
		Target: clients.Provisioned(req.TRUs), End: req.End, WorkflowID: workflows.BoostWorkflowID(req.Namespace)}
	f.boosts[req.Namespace] = st
	f.mu.Unlock()
	ref, _ := f.notifier.CreateBoostRoot(ctx, req.Channel, st)
	f.run(func() {
		st.Phase = workflows.PhaseActive
		_ = f.notifier.UpdateBoostRoot(ctx, ref, st)
		_ = f.notifier.PostBoostStep(ctx, ref, st, workflows.Step{Phase: st.Phase, Severity: workflows.SeverityInfo, Text: "Verified: 4 TRUs."})
		st.Phase, st.Reverted = workflows.PhaseDone, true
		_ = f.notifier.UpdateBoostRoot(ctx, ref, st)
	})
	return st, nil
}

func (f *fakeEngine) run(fn func()) {
	if f.sync {
		fn()
		return
	}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		<-f.release
		fn()
	}()
}

func (f *fakeEngine) BoostStatus(context.Context, string) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, bot.ErrNoBoost
}
func (f *fakeEngine) ActiveBoosts(context.Context) ([]workflows.BoostStatus, error) { return nil, nil }
func (f *fakeEngine) LastBoost(context.Context, string) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, bot.ErrNoBoost
}
func (f *fakeEngine) Extend(context.Context, string, workflows.ExtendRequest) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, bot.ErrNoBoost
}
func (f *fakeEngine) RevertNow(context.Context, string, workflows.RevertRequest) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, bot.ErrNoBoost
}
func (f *fakeEngine) DecideExternalChange(context.Context, string, workflows.ExternalChangeRequest) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, bot.ErrNoBoost
}
func (f *fakeEngine) AnswerApproval(context.Context, string, workflows.ApprovalDecision, workflows.ApprovalRequest) (workflows.BoostStatus, error) {
	return workflows.BoostStatus{}, bot.ErrNoBoost
}

type fakeCloud struct{}

var fakeNamespaces = []string{"payments.demo42", "orders.demo42", "search.demo42"}

func (fakeCloud) ListNamespaces(context.Context) ([]string, error) { return fakeNamespaces, nil }
func (fakeCloud) GetCapacity(_ context.Context, ns string) (clients.NamespaceCapacity, error) {
	return clients.NamespaceCapacity{Namespace: ns, Current: clients.OnDemand()}, nil
}
func (fakeCloud) GetCapacityInfo(_ context.Context, ns string) (clients.CapacityInfo, error) {
	return clients.CapacityInfo{Namespace: ns, Current: clients.OnDemand(), ValidTRUs: []float64{2, 4, 6, 16}, MaxAvailableTRUs: 16}, nil
}

func newTestConsole(t *testing.T, input string, interactive, syncEngine bool) (*Console, *fakeEngine, *bytes.Buffer) {
	t.Helper()
	var out bytes.Buffer
	eng := &fakeEngine{sync: syncEngine, release: make(chan struct{}), boosts: map[string]workflows.BoostStatus{}}
	clock := func() time.Time { return t0 }
	h := bot.NewHandler(bot.HandlerOptions{
		Engine:          eng,
		Cloud:           fakeCloud{},
		Auth:            bot.NewAuthorizer([]string{"alice"}, nil, nil, nil, time.Minute, clock),
		Policy:          workflows.Policy{MaxTRUs: 8, MaxDuration: 24 * time.Hour},
		DefaultDuration: 2 * time.Hour,
		Now:             clock,
	})
	c := New(Options{In: strings.NewReader(input), Out: &out, Handler: h, User: "alice", Interactive: interactive})
	c.now = clock
	c.session = "s1"
	eng.notifier = c.Notifier()
	return c, eng, &out
}

func TestRunTranscriptGolden(t *testing.T) {
	script := strings.Join([]string{
		"/capacity help",
		"",
		"/capacity boost payments 4 for 1h launch of <@U9>",
		"boost payments 4",
		"/capacity boost nope 4",
		"/capacity analyze",
		"boost",
		"status",
		"frobnicate",
	}, "\n")
	c, _, out := newTestConsole(t, script, false, true)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.Wait(context.Background(), time.Second)
	golden(t, "transcript", out.String())
}

func TestInteractiveFormGolden(t *testing.T) {
	script := strings.Join([]string{
		"boost",
		"demo42", // three matches
		"2",      // payments.demo42
		"5",      // not offered
		"16",     // beyond MAX_TRUS: not offered
		"4",
		"soon", // not an end
		"90m",
		"Black Friday",
		"boost",
		"search",
		"", // cancels
		"quit",
		"status", // never read
	}, "\n")
	c, _, out := newTestConsole(t, script, true, true)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	golden(t, "form", out.String())
}

func TestWaitForBoostsAndReports(t *testing.T) {
	c, eng, out := newTestConsole(t, "boost payments 4 for 1h\nanalyze\nboost orders 2\n", false, false)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		c.Wait(context.Background(), 10*time.Second)
		close(done)
	}()
	select {
	case <-done:
		t.Fatal("Wait returned while two boosts and a report were still running")
	case <-time.After(50 * time.Millisecond):
	}
	close(eng.release)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return after everything finished")
	}
	eng.wg.Wait()
	if strings.Contains(out.String(), "stopped waiting") {
		t.Fatalf("Wait timed out:\n%s", out)
	}
	if n := strings.Count(out.String(), "done, back to on-demand"); n != 2 {
		t.Fatalf("%d boosts ended:\n%s", n, out)
	}
}

func TestWaitTimesOut(t *testing.T) {
	c, eng, out := newTestConsole(t, "boost payments 4\nanalyze\n", false, false)
	if err := c.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	c.Wait(context.Background(), 20*time.Millisecond)
	if !strings.Contains(out.String(), "still running: the boost of payments.demo42, 1 analysis report") {
		t.Fatalf("no timeout notice:\n%s", out)
	}
	close(eng.release)
	eng.wg.Wait()
}

func TestRunStopsOnCancel(t *testing.T) {
	c, _, _ := newTestConsole(t, "", false, true)
	pr, pw := ioPipe()
	defer pw.Close()
	c.o.In = pr
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- c.Run(ctx) }()
	cancel()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("Run returned nil on cancel")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop on cancel")
	}
}

func TestNotifierIsSafeForConcurrentUse(t *testing.T) {
	c, _, out := newTestConsole(t, "", false, true)
	n := c.Notifier()
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			st := boostStatus(workflows.PhaseActive)
			ref, _ := n.CreateBoostRoot(context.Background(), "console", st)
			_ = n.PostBoostStep(context.Background(), ref, st, workflows.Step{Text: "step\nsecond line"})
			_ = n.PostAlert(context.Background(), workflows.Alert{Title: "a", Text: strings.Repeat("x", i)})
		})
	}
	wg.Wait()
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	if len(lines) != 20*4+19 { // the alert with empty text has no second line
		t.Fatalf("%d lines, want 99", len(lines))
	}
	for i, l := range lines {
		ok := strings.HasPrefix(l, "┌ [root] ") || strings.HasPrefix(l, "  └ ") || strings.HasPrefix(l, "    second line") ||
			strings.HasPrefix(l, "[ALERT #alerts] ") || strings.HasPrefix(l, "  x") || l == "  "
		if !ok {
			t.Fatalf("line %d torn: %q", i, l)
		}
	}
}
