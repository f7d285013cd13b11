package workflows

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"go.temporal.io/sdk/activity"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
)

const (
	// analysisDefaultConcurrency bounds parallel Cloud Ops reads when
	// Activities.Concurrency is unset; the client's limiter bounds the rate.
	analysisDefaultConcurrency = 16
	// analysisReadAttempts is how often one Cloud Ops read is tried before the
	// namespace is reported as unreadable.
	analysisReadAttempts = 3
	analysisReadBackoff  = 250 * time.Millisecond
	analysisMaxWait      = 30 * time.Second
	// analysisBeatEvery spaces heartbeats: each carries every finished
	// namespace, so beating on every result would cost O(n²) encoding.
	analysisBeatEvery = time.Second
)

// gatherProgress is the heartbeat detail of GatherCapacity: the namespaces
// already read, skipped when the activity is retried.
type gatherProgress struct {
	Done []NamespaceResult `json:"done"`
}

// GatherCapacity lists the account's namespaces, keeps those the policy and
// the request's globs select, and reads each one's capacity and capacity info
// with a bounded pool of workers. Progress is heartbeated, and a retried
// attempt resumes from it. A namespace that cannot be read becomes a result
// with Error set, never a guess.
func (a *Activities) GatherCapacity(ctx context.Context, in GatherInput) (GatherResult, error) {
	if a.Cloud == nil {
		return GatherResult{}, analysisActivityError(&clients.Error{Op: "ListNamespaces", Kind: clients.KindInvalid, Err: fmt.Errorf("no Cloud Ops client is configured")})
	}
	all, err := a.Cloud.ListNamespaces(ctx)
	if err != nil {
		return GatherResult{}, analysisActivityError(fmt.Errorf("listing namespaces: %w", err))
	}
	selected, warnings := analysisSelect(all, a.Policy.Filter, in.Globs)

	done := map[string]NamespaceResult{}
	if activity.HasHeartbeatDetails(ctx) {
		var prev gatherProgress
		if err := activity.GetHeartbeatDetails(ctx, &prev); err != nil {
			a.analysisLog().Warn("ignoring unreadable heartbeat details", zap.Error(err))
		}
		for _, r := range prev.Done {
			done[r.Namespace] = r
		}
	}
	todo := make([]string, 0, len(selected))
	results := make([]NamespaceResult, 0, len(selected))
	for _, ns := range selected {
		if r, ok := done[ns]; ok {
			results = append(results, r)
		} else {
			todo = append(todo, ns)
		}
	}

	results, err = a.gatherAll(ctx, todo, results, func(done []NamespaceResult) any {
		return gatherProgress{Done: done}
	})
	if err != nil {
		return GatherResult{}, err
	}
	slices.SortFunc(results, func(x, y NamespaceResult) int { return strings.Compare(x.Namespace, y.Namespace) })
	listed := slices.Clone(all)
	slices.Sort(listed)
	return GatherResult{Namespaces: results, Listed: listed, Warnings: warnings, Simulated: a.Simulated}, nil
}

// gatherAll reads todo with the worker pool, appending to results, and
// heartbeats progress(results) as they grow.
func (a *Activities) gatherAll(ctx context.Context, todo []string, results []NamespaceResult, progress func([]NamespaceResult) any) ([]NamespaceResult, error) {
	workers := a.Concurrency
	if workers <= 0 {
		workers = analysisDefaultConcurrency
	}
	workers = min(workers, len(todo))

	jobs := make(chan string)
	out := make(chan NamespaceResult)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for ns := range jobs {
				out <- a.gatherOne(ctx, ns)
			}
		})
	}
	go func() {
		defer close(jobs)
		for _, ns := range todo {
			select {
			case jobs <- ns:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(out)
	}()

	beat := time.NewTicker(analysisBeatEvery)
	defer beat.Stop()
	activity.RecordHeartbeat(ctx, progress(results))
	for {
		select {
		case r, ok := <-out:
			if !ok {
				if err := ctx.Err(); err != nil {
					return nil, fmt.Errorf("reading namespaces: %w", err)
				}
				return results, nil
			}
			if ctx.Err() != nil {
				continue // a read cut short by cancellation is not a result
			}
			results = append(results, r)
		case <-beat.C:
			activity.RecordHeartbeat(ctx, progress(results))
		}
	}
}

// gatherOne reads one namespace; a failure is carried in the result.
func (a *Activities) gatherOne(ctx context.Context, ns string) NamespaceResult {
	capacity, err := analysisRetry(ctx, func() (clients.NamespaceCapacity, error) { return a.Cloud.GetCapacity(ctx, ns) })
	if err != nil {
		return a.gatherFailed(ns, fmt.Errorf("reading capacity of %s: %w", ns, err))
	}
	info, err := analysisRetry(ctx, func() (clients.CapacityInfo, error) { return a.Cloud.GetCapacityInfo(ctx, ns) })
	if err != nil {
		return a.gatherFailed(ns, fmt.Errorf("reading capacity info of %s: %w", ns, err))
	}
	if capacity.Namespace == "" {
		capacity.Namespace = ns
	}
	return NamespaceResult{Namespace: ns, Capacity: capacity, Info: info}
}

func (a *Activities) gatherFailed(ns string, err error) NamespaceResult {
	a.analysisLog().Warn("namespace unreadable", zap.String("namespace", ns), zap.Error(err),
		zap.String("kind", string(clients.KindOf(err))))
	return NamespaceResult{Namespace: ns, Error: err.Error()}
}

// analysisRetry calls read up to analysisReadAttempts times while its error
// is retryable, waiting the server's Retry-After (capped) or a doubling delay.
func analysisRetry[T any](ctx context.Context, read func() (T, error)) (T, error) {
	wait := analysisReadBackoff
	for attempt := 1; ; attempt++ {
		v, err := read()
		if err == nil || !clients.IsRetryable(err) || attempt == analysisReadAttempts || ctx.Err() != nil {
			return v, err
		}
		d := wait
		if ra := clients.RetryAfterOf(err); ra > 0 {
			d = min(ra, analysisMaxWait)
		}
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			return v, err
		case <-t.C:
		}
		wait *= 2
	}
}
