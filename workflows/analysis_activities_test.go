package workflows

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/interceptor"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/worker"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

func analysisActivityEnv(t *testing.T, a *Activities) *testsuite.TestActivityEnvironment {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestActivityEnvironment()
	env.RegisterActivityWithOptions(a.GatherUsage, activity.RegisterOptions{Name: ActivityGatherUsage})
	env.RegisterActivityWithOptions(a.GatherCapacity, activity.RegisterOptions{Name: ActivityGatherCapacity})
	env.RegisterActivityWithOptions(a.PostReport, activity.RegisterOptions{Name: ActivityPostReport})
	return env
}

func runGather(t *testing.T, env *testsuite.TestActivityEnvironment, in GatherInput) (GatherResult, error) {
	t.Helper()
	val, err := env.ExecuteActivity(ActivityGatherCapacity, in)
	if err != nil {
		return GatherResult{}, err
	}
	var res GatherResult
	if err := val.Get(&res); err != nil {
		t.Fatalf("decoding result: %v", err)
	}
	return res, nil
}

func resultNames(res GatherResult) []string {
	var out []string
	for _, r := range res.Namespaces {
		out = append(out, r.Namespace)
	}
	return out
}

func TestGatherCapacityBoundsConcurrency(t *testing.T) {
	tests := []struct {
		name        string
		concurrency int
		want        int
	}{
		{"configured", 4, 4},
		{"default", 0, analysisDefaultConcurrency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cloud := newAnalysisFakeCloud()
			for i := range 40 {
				cloud.add(fmt.Sprintf("ns-%02d.acct", i), clients.OnDemand(), clients.CapacityInfo{})
			}
			cloud.gate = make(chan struct{})
			cloud.reached = make(chan struct{})
			cloud.reachAt = tc.want
			reached := cloud.reached
			env := analysisActivityEnv(t, &Activities{Cloud: cloud, Concurrency: tc.concurrency})

			type outcome struct {
				res GatherResult
				err error
			}
			done := make(chan outcome, 1)
			go func() {
				res, err := runGather(t, env, GatherInput{})
				done <- outcome{res, err}
			}()
			select {
			case <-reached:
			case <-time.After(10 * time.Second):
				close(cloud.gate)
				t.Fatalf("the workers never had %d reads in flight together", tc.want)
			}
			close(cloud.gate)
			var got outcome
			select {
			case got = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("GatherCapacity did not finish")
			}
			if got.err != nil {
				t.Fatalf("GatherCapacity: %v", got.err)
			}
			if len(got.res.Namespaces) != 40 {
				t.Fatalf("got %d namespaces, want 40", len(got.res.Namespaces))
			}
			if !slices.IsSortedFunc(got.res.Namespaces, func(x, y NamespaceResult) int {
				return compareStrings(x.Namespace, y.Namespace)
			}) {
				t.Error("results are not sorted by namespace")
			}
			cloud.mu.Lock()
			defer cloud.mu.Unlock()
			if cloud.maxInflight != tc.want {
				t.Errorf("max reads in flight = %d, want exactly %d", cloud.maxInflight, tc.want)
			}
		})
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestGatherCapacityFailuresBecomeErrorRows(t *testing.T) {
	cloud := newAnalysisFakeCloud()
	for _, ns := range []string{"ok.acct", "flaky.acct", "down.acct", "gone.acct", "noinfo.acct"} {
		cloud.add(ns, clients.Provisioned(4), clients.CapacityInfo{ValidTRUs: []float64{2, 4}})
	}
	unavailable := func(ns string) error {
		return &clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindUnavailable, RetryAfter: time.Millisecond}
	}
	cloud.capErrs["flaky.acct"] = []error{unavailable("flaky.acct")}
	cloud.capErrs["down.acct"] = []error{unavailable("down.acct"), unavailable("down.acct"), unavailable("down.acct"), unavailable("down.acct")}
	cloud.capErrs["gone.acct"] = []error{&clients.Error{Op: "GetNamespace", Namespace: "gone.acct", Kind: clients.KindNotFound}}
	cloud.infoErrs["noinfo.acct"] = []error{&clients.Error{Op: "GetNamespaceCapacityInfo", Namespace: "noinfo.acct", Kind: clients.KindPermission}}

	res, err := runGather(t, analysisActivityEnv(t, &Activities{Cloud: cloud}), GatherInput{})
	if err != nil {
		t.Fatalf("GatherCapacity: %v", err)
	}
	byName := map[string]NamespaceResult{}
	for _, r := range res.Namespaces {
		byName[r.Namespace] = r
	}
	tests := []struct {
		ns       string
		wantErr  bool
		capCalls int
	}{
		{"ok.acct", false, 1},
		{"flaky.acct", false, 2},                  // one retry after Retry-After
		{"down.acct", true, analysisReadAttempts}, // retried, then given up
		{"gone.acct", true, 1},                    // not found: not retried
		{"noinfo.acct", true, 1},                  // info refused: whole namespace unreadable
	}
	for _, tc := range tests {
		r, ok := byName[tc.ns]
		if !ok {
			t.Errorf("%s missing from the result", tc.ns)
			continue
		}
		if (r.Error != "") != tc.wantErr {
			t.Errorf("%s: error %q, want error: %v", tc.ns, r.Error, tc.wantErr)
		}
		if tc.wantErr && r.Capacity.Current.Mode != "" {
			t.Errorf("%s: failed read carries capacity %+v", tc.ns, r.Capacity.Current)
		}
		if !tc.wantErr && !r.Capacity.Current.Equal(clients.Provisioned(4)) {
			t.Errorf("%s: capacity %s, want 4 TRUs", tc.ns, r.Capacity.Current)
		}
		if got := cloud.capCalls[tc.ns]; got != tc.capCalls {
			t.Errorf("%s: %d GetCapacity calls, want %d", tc.ns, got, tc.capCalls)
		}
	}
}

func TestGatherCapacityListFailure(t *testing.T) {
	tests := []struct {
		kind         clients.ErrorKind
		nonRetryable bool
	}{
		{clients.KindPermission, true},
		{clients.KindUnavailable, false},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			cloud := newAnalysisFakeCloud()
			cloud.listErr = &clients.Error{Op: "GetNamespaces", Kind: tc.kind}
			_, err := runGather(t, analysisActivityEnv(t, &Activities{Cloud: cloud}), GatherInput{})
			var appErr *temporal.ApplicationError
			if !errors.As(err, &appErr) {
				t.Fatalf("error %v is not an application error", err)
			}
			if appErr.NonRetryable() != tc.nonRetryable {
				t.Errorf("NonRetryable = %v, want %v", appErr.NonRetryable(), tc.nonRetryable)
			}
		})
	}
}

func TestGatherCapacitySelection(t *testing.T) {
	cloud := newAnalysisFakeCloud()
	for _, ns := range []string{"payments.acct", "payments-eu.acct", "orders.acct", "internal-tools.acct"} {
		cloud.add(ns, clients.OnDemand(), clients.CapacityInfo{})
	}
	a := &Activities{Cloud: cloud, Policy: Policy{Filter: capacity.NamespaceFilter{Deny: []string{"internal-*"}}}}
	res, err := runGather(t, analysisActivityEnv(t, a), GatherInput{Globs: []string{"pay*", "internal-*", "nomatch*"}})
	if err != nil {
		t.Fatalf("GatherCapacity: %v", err)
	}
	if got, want := resultNames(res), []string{"payments-eu.acct", "payments.acct"}; !slices.Equal(got, want) {
		t.Errorf("namespaces = %v, want %v", got, want)
	}
	if cloud.calls("internal-tools.acct") != 0 || cloud.calls("orders.acct") != 0 {
		t.Error("unselected namespaces were read")
	}
	if len(res.Warnings) != 2 {
		t.Errorf("warnings = %q, want one for internal-* and one for nomatch*", res.Warnings)
	}
	if len(res.Listed) != 4 {
		t.Errorf("listed = %v, want all 4 namespaces", res.Listed)
	}
}

func TestAnalysisSelect(t *testing.T) {
	all := []string{"payments.acct", "payments-eu.acct", "orders.acct", "internal-tools.acct", "bare"}
	tests := []struct {
		name     string
		filter   capacity.NamespaceFilter
		globs    []string
		want     []string
		warnings int
	}{
		{"everything", capacity.NamespaceFilter{}, nil, []string{"bare", "internal-tools.acct", "orders.acct", "payments-eu.acct", "payments.acct"}, 0},
		{"allow list", capacity.NamespaceFilter{Allow: []string{"pay*"}}, nil, []string{"payments-eu.acct", "payments.acct"}, 0},
		{"deny wins over allow", capacity.NamespaceFilter{Allow: []string{"pay*"}, Deny: []string{"payments-eu"}}, nil, []string{"payments.acct"}, 0},
		{"glob on bare name", capacity.NamespaceFilter{}, []string{"orders"}, []string{"orders.acct"}, 0},
		{"glob on full ID", capacity.NamespaceFilter{}, []string{"orders.acct"}, []string{"orders.acct"}, 0},
		{"glob without dot namespace", capacity.NamespaceFilter{}, []string{"ba*"}, []string{"bare"}, 0},
		{"globs overlap without duplicates", capacity.NamespaceFilter{}, []string{"pay*", "payments"}, []string{"payments-eu.acct", "payments.acct"}, 0},
		{"glob matching only denied", capacity.NamespaceFilter{Deny: []string{"orders"}}, []string{"ord*"}, nil, 1},
		{"invalid glob", capacity.NamespaceFilter{}, []string{"[pay"}, nil, 1},
		{"one good, one empty", capacity.NamespaceFilter{}, []string{"orders", "zzz*"}, []string{"orders.acct"}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, warnings := analysisSelect(all, tc.filter, tc.globs)
			if !slices.Equal(got, tc.want) {
				t.Errorf("selected %v, want %v", got, tc.want)
			}
			if len(warnings) != tc.warnings {
				t.Errorf("warnings %q, want %d", warnings, tc.warnings)
			}
		})
	}
}

func TestGatherCapacityResumesFromHeartbeat(t *testing.T) {
	cloud := newAnalysisFakeCloud()
	for _, ns := range []string{"a.acct", "b.acct", "c.acct", "d.acct"} {
		cloud.add(ns, clients.Provisioned(2), clients.CapacityInfo{})
	}
	env := analysisActivityEnv(t, &Activities{Cloud: cloud})
	// A previous attempt read a and b; its results (marked 6 TRUs, unlike the
	// fake's 2) must be reused, not read again.
	prior := func(ns string) NamespaceResult {
		return NamespaceResult{Namespace: ns, Capacity: clients.NamespaceCapacity{Namespace: ns, Current: clients.Provisioned(6)}}
	}
	env.SetHeartbeatDetails(gatherProgress{Done: []NamespaceResult{prior("a.acct"), prior("b.acct")}})

	res, err := runGather(t, env, GatherInput{})
	if err != nil {
		t.Fatalf("GatherCapacity: %v", err)
	}
	for _, ns := range []string{"a.acct", "b.acct"} {
		if n := cloud.calls(ns); n != 0 {
			t.Errorf("%s read %d times after resume, want 0", ns, n)
		}
	}
	for _, ns := range []string{"c.acct", "d.acct"} {
		if n := cloud.calls(ns); n != 2 {
			t.Errorf("%s: %d reads, want 2 (capacity and info)", ns, n)
		}
	}
	want := map[string]float64{"a.acct": 6, "b.acct": 6, "c.acct": 2, "d.acct": 2}
	if len(res.Namespaces) != len(want) {
		t.Fatalf("got %v, want 4 namespaces", resultNames(res))
	}
	for _, r := range res.Namespaces {
		if r.Capacity.Current.TRUs != want[r.Namespace] {
			t.Errorf("%s: %v TRUs, want %v", r.Namespace, r.Capacity.Current.TRUs, want[r.Namespace])
		}
	}
}

// TestGatherCapacityHeartbeatsProgress holds one namespace's read until a
// heartbeat carries the other namespaces' results, proving that progress is
// recorded while work is still running.
func TestGatherCapacityHeartbeatsProgress(t *testing.T) {
	cloud := newAnalysisFakeCloud()
	for _, ns := range []string{"a.acct", "b.acct", "c.acct", "slow.acct"} {
		cloud.add(ns, clients.OnDemand(), clients.CapacityInfo{})
	}
	release := make(chan struct{})
	cloud.block = map[string]chan struct{}{"slow.acct": release}
	env := analysisActivityEnv(t, &Activities{Cloud: cloud})
	var once sync.Once
	env.SetWorkerOptions(worker.Options{Interceptors: []interceptor.WorkerInterceptor{
		&analysisBeatInterceptor{onBeat: func(details ...any) {
			if len(details) == 1 {
				if p, ok := details[0].(gatherProgress); ok && len(p.Done) == 3 {
					once.Do(func() { close(release) })
				}
			}
		}},
	}})
	finished := make(chan error, 1)
	go func() {
		_, err := runGather(t, env, GatherInput{})
		finished <- err
	}()
	select {
	case err := <-finished:
		if err != nil {
			t.Fatalf("GatherCapacity: %v", err)
		}
	case <-time.After(20 * time.Second):
		close(release) // let the activity end; the failure is already known
		t.Fatal("no heartbeat carried the three finished namespaces")
	}
}

func TestGatherUsageErrors(t *testing.T) {
	tests := []struct {
		name         string
		err          error
		nonRetryable bool
		delay        time.Duration
	}{
		{"429 honours Retry-After", &clients.Error{Op: "FetchUsage", Kind: clients.KindRateLimited, RetryAfter: 42 * time.Second}, false, 42 * time.Second},
		{"429 without Retry-After", &clients.Error{Op: "FetchUsage", Kind: clients.KindRateLimited}, false, 0},
		{"malformed is final", &clients.Error{Op: "FetchUsage", Kind: clients.KindMalformed}, true, 0},
		{"refused key is final", &clients.Error{Op: "FetchUsage", Kind: clients.KindPermission}, true, 0},
		{"unavailable retries", &clients.Error{Op: "FetchUsage", Kind: clients.KindUnavailable}, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			usage := &analysisFakeUsage{errs: []error{tc.err}}
			env := analysisActivityEnv(t, &Activities{Usage: usage})
			_, err := env.ExecuteActivity(ActivityGatherUsage)
			var appErr *temporal.ApplicationError
			if !errors.As(err, &appErr) {
				t.Fatalf("error %v is not an application error", err)
			}
			if appErr.NonRetryable() != tc.nonRetryable {
				t.Errorf("NonRetryable = %v, want %v", appErr.NonRetryable(), tc.nonRetryable)
			}
			if appErr.NextRetryDelay() != tc.delay {
				t.Errorf("NextRetryDelay = %s, want %s", appErr.NextRetryDelay(), tc.delay)
			}
		})
	}
}

func TestGatherUsageReturnsSnapshot(t *testing.T) {
	usage := &analysisFakeUsage{snap: clients.UsageSnapshot{
		Completeness: "complete",
		Namespaces:   map[string]clients.NamespaceUsage{"a": {Namespace: "a", ActionsPerSecond: 12.5}},
	}}
	val, err := analysisActivityEnv(t, &Activities{Usage: usage}).ExecuteActivity(ActivityGatherUsage)
	if err != nil {
		t.Fatalf("GatherUsage: %v", err)
	}
	var snap clients.UsageSnapshot
	if err := val.Get(&snap); err != nil {
		t.Fatal(err)
	}
	if snap.Namespaces["a"].ActionsPerSecond != 12.5 || usage.calls != 1 {
		t.Errorf("snapshot %+v after %d calls, want a at 12.5 APS after 1", snap, usage.calls)
	}
}

func TestPostReportActivity(t *testing.T) {
	n := &analysisFakeNotifier{}
	env := analysisActivityEnv(t, &Activities{Notifier: n})
	report := AnalysisReport{Rows: []ReportRow{{Namespace: "a"}}}
	if _, err := env.ExecuteActivity(ActivityPostReport, PostReportInput{Channel: "C1", Report: report}); err != nil {
		t.Fatalf("PostReport: %v", err)
	}
	if len(n.reports) != 1 || n.reports[0].Rows[0].Namespace != "a" {
		t.Errorf("posted %+v, want the one report", n.reports)
	}
	n.err = errors.New("slack down")
	if _, err := env.ExecuteActivity(ActivityPostReport, PostReportInput{Channel: "C1", Report: report}); err == nil {
		t.Error("a failed post returned no error")
	}
}

// analysisBeatInterceptor sees every RecordHeartbeat call, before the SDK
// batches them (the test environment sends a batch only every 30 s).
type analysisBeatInterceptor struct {
	interceptor.WorkerInterceptorBase
	onBeat func(details ...any)
}

func (i *analysisBeatInterceptor) InterceptActivity(_ context.Context, next interceptor.ActivityInboundInterceptor) interceptor.ActivityInboundInterceptor {
	in := &analysisBeatInbound{onBeat: i.onBeat}
	in.Next = next
	return in
}

type analysisBeatInbound struct {
	interceptor.ActivityInboundInterceptorBase
	onBeat func(details ...any)
}

func (a *analysisBeatInbound) Init(outbound interceptor.ActivityOutboundInterceptor) error {
	out := &analysisBeatOutbound{onBeat: a.onBeat}
	out.Next = outbound
	return a.Next.Init(out)
}

type analysisBeatOutbound struct {
	interceptor.ActivityOutboundInterceptorBase
	onBeat func(details ...any)
}

func (o *analysisBeatOutbound) RecordHeartbeat(ctx context.Context, details ...any) {
	o.onBeat(details...)
	o.Next.RecordHeartbeat(ctx, details...)
}
