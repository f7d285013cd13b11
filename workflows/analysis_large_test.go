package workflows

import (
	"fmt"
	"sync"
	"testing"
	"time"

	commonpb "go.temporal.io/api/common/v1"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/capacitybot/capacitybot/clients"
)

// maxPayloadBytes is the most any payload of the analysis may hold, well
// under Temporal's 2 MB limit (and its warning at 512 KB).
const maxPayloadBytes = 512 * 1024

// largeAnalysisAccount is an account of n namespaces with the spread a
// namespace-per-tenant account has: mostly idle on-demand tenants, some busy
// and throttled, a quarter provisioned (some over-provisioned), a few
// unreadable. Deterministic: namespace i is always the same.
func largeAnalysisAccount(n int) (*analysisFakeCloud, *analysisFakeUsage) {
	cloud := newAnalysisFakeCloud()
	usage := &analysisFakeUsage{snap: clients.UsageSnapshot{Completeness: "complete", Namespaces: map[string]clients.NamespaceUsage{}}}
	tiers := []float64{2, 3, 4, 6, 8, 10, 12}
	for i := range n {
		ns := fmt.Sprintf("tenant-%05d.acct", i)
		current := clients.OnDemand()
		stats := clients.APSStats{Mean: float64(i % 40), P90: float64(i % 60), P99: float64(i % 90)}
		aps, throttled := float64(i%50), 0.0
		switch {
		case i%97 == 0: // busy and throttled on demand
			stats = clients.APSStats{Mean: 600, P90: 900, P99: 1400}
			aps, throttled = 1200, float64(1+i%30)
		case i%4 == 0: // provisioned, mostly more than it uses
			current = clients.Provisioned(tiers[i%len(tiers)])
		case i%13 == 0: // busy, near its limit
			stats = clients.APSStats{Mean: 300, P90: 420, P99: 480}
			aps = 450
		}
		cloud.add(ns, current, clients.CapacityInfo{OnDemandAPSLimit: 500, ValidTRUs: tiers, MaxAvailableTRUs: 12, APS: stats})
		if i%1000 == 999 {
			cloud.capErrs[ns] = []error{
				&clients.Error{Op: "GetNamespace", Namespace: ns, Kind: clients.KindPermission},
			}
		}
		usage.snap.Namespaces[ns] = clients.NamespaceUsage{Namespace: ns, ActionsPerSecond: aps, ThrottledPerSecond: throttled}
	}
	return cloud, usage
}

// payloadSizes is a data converter that records the size of every payload
// it encodes: workflow input and result, activity inputs, results and
// heartbeats, query answers.
type payloadSizes struct {
	converter.DataConverter
	mu      sync.Mutex
	largest int
	what    string
	count   int
}

func (p *payloadSizes) ToPayload(v any) (*commonpb.Payload, error) {
	pl, err := p.DataConverter.ToPayload(v)
	if err == nil {
		p.record(pl, v)
	}
	return pl, err
}

func (p *payloadSizes) ToPayloads(vs ...any) (*commonpb.Payloads, error) {
	pls, err := p.DataConverter.ToPayloads(vs...)
	if err == nil {
		for i, pl := range pls.GetPayloads() {
			p.record(pl, vs[i])
		}
	}
	return pls, err
}

func (p *payloadSizes) record(pl *commonpb.Payload, v any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.count++
	if n := pl.Size(); n > p.largest {
		p.largest, p.what = n, fmt.Sprintf("%T", v)
	}
}

// TestAnalysisPayloadsBounded runs the analysis of 10,000 namespaces with
// the real activities and records every payload: on the paged version none
// exceeds maxPayloadBytes, and the posted report still holds every
// namespace. The version before it is run too, to show the test can fail:
// its one activity result holds the whole account.
func TestAnalysisPayloadsBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 namespaces")
	}
	const n = 10000
	for _, tc := range []struct {
		version workflow.Version
		bounded bool
	}{
		{version: 1, bounded: true},
		{version: workflow.DefaultVersion, bounded: false},
	} {
		t.Run(fmt.Sprintf("version %d", tc.version), func(t *testing.T) {
			cloud, usage := largeAnalysisAccount(n)
			notifier := &analysisFakeNotifier{}
			env := analysisVersionEnv(t, &Activities{Cloud: cloud, Usage: usage, Notifier: notifier, Simulated: true}, tc.version)
			sizes := &payloadSizes{DataConverter: converter.GetDefaultDataConverter()}
			env.SetDataConverter(sizes)
			env.SetTestTimeout(5 * time.Minute)

			env.ExecuteWorkflow(AnalysisWorkflowName, AnalysisRequest{Channel: "C1", Requester: "U1", Post: true})
			t.Logf("%d namespaces, version %d: %d payloads, the largest %d bytes (%s)", n, tc.version, sizes.count, sizes.largest, sizes.what)
			if bounded := sizes.largest <= maxPayloadBytes; bounded != tc.bounded {
				t.Errorf("largest payload %d bytes (%s); within %d: %v, want %v", sizes.largest, sizes.what, maxPayloadBytes, bounded, tc.bounded)
			}
			if !tc.bounded {
				// The old version's workflow code also builds the whole report
				// in one workflow task, which on a loaded machine trips the
				// deadlock detector: its payloads are all this case is for.
				return
			}
			head := analysisResult(t, env)
			if head.Summary.Namespaces != n || head.Summary.Unknown != n/1000 {
				t.Errorf("summary %+v, want %d namespaces, %d unknown", head.Summary, n, n/1000)
			}
			if len(notifier.reports) != 1 {
				t.Fatalf("posted %d reports, want 1", len(notifier.reports))
			}
			posted := notifier.reports[0]
			seen := map[string]bool{}
			for _, r := range posted.Rows {
				seen[r.Namespace] = true
			}
			if len(posted.Rows) != n || len(seen) != n {
				t.Errorf("posted %d rows (%d namespaces), want every one of %d", len(posted.Rows), len(seen), n)
			}
			if posted.Summary != head.Summary {
				t.Errorf("posted summary %+v, result %+v", posted.Summary, head.Summary)
			}
			// One progress message per analysis, edited after each batch.
			progress := notifier.progress
			if want := n / AnalysisBatchSize; len(progress) != want {
				t.Fatalf("progress shown %d times, want once per batch (%d)", len(progress), want)
			}
			for i, p := range progress {
				if (p.Ref == nil) != (i == 0) || p.Read != (i+1)*AnalysisBatchSize || p.Total != n {
					t.Errorf("progress %d: %+v, want read %d of %d, posted first then edited", i, p, (i+1)*AnalysisBatchSize, n)
				}
			}
		})
	}
}
