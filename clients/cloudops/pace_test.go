package cloudops

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"
)

// grants runs n concurrent waits on p and returns the times they were let
// through, sorted.
func grants(t *testing.T, p *pacer, n int) []time.Time {
	t.Helper()
	var mu sync.Mutex
	var wg sync.WaitGroup
	var out []time.Time
	for range n {
		wg.Go(func() {
			at, err := p.wait(context.Background())
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			out = append(out, at)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func TestPacerNeverBurstsOverTwo(t *testing.T) {
	const interval = 5 * time.Millisecond
	p := newPacer(float64(time.Second / interval))
	// Two rounds: the second starts after the pacer was idle, when a token
	// bucket would have saved up a burst.
	for round := range 2 {
		g := grants(t, p, 40)
		// n calls let through must span at least (n-2) intervals.
		for i := range g {
			for j := i + 2; j < len(g); j++ {
				if span, min := g[j].Sub(g[i]), time.Duration(j-i-1)*interval; span < min {
					t.Fatalf("round %d: calls %d..%d within %v, want at least %v", round, i, j, span, min)
				}
			}
		}
		time.Sleep(10 * interval) // idle, so that the next round starts fresh
	}
}

func TestPacerWaitEndsWithContext(t *testing.T) {
	p := newPacer(0.001) // one call per 1000 s
	if _, err := p.wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := p.wait(context.Background()); err != nil { // the tolerated second call
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := p.wait(ctx)
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > 5*time.Second {
		t.Fatalf("wait = %v after %v, want the context's deadline promptly", err, time.Since(start))
	}
}
