package metrics

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

// TestLimitedNeverComplete proves a response marked X-Completeness: limited
// is never taken as complete: the client splits the batch and asks again,
// and when every answer stays limited it marks the namespaces it saw as
// unreadable, never as zero usage, and says the snapshot is limited.
func TestLimitedNeverComplete(t *testing.T) {
	tests := []struct {
		name        string
		maxRequests int
	}{
		{name: "bound of one request", maxRequests: 1},
		{name: "bound of eight requests", maxRequests: 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("X-Completeness", "limited")
				w.Header().Set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
				_, _ = w.Write([]byte(okBody))
			}))
			defer srv.Close()
			c := New(Options{BaseURL: srv.URL, APIKey: testKey, HTTPClient: srv.Client(), MaxRequestsPerScrape: tt.maxRequests})

			snap, err := c.FetchUsage(context.Background())
			if err != nil {
				t.Fatalf("FetchUsage: %v", err)
			}
			if got := int(calls.Load()); got != tt.maxRequests {
				t.Errorf("%d requests, want the bound of %d (each limited answer split and asked again)", got, tt.maxRequests)
			}
			if snap.Completeness != completenessLimited {
				t.Errorf("Completeness = %q, want limited", snap.Completeness)
			}
			u, ok := snap.Namespaces["pay.acct"]
			if !ok || u.Unreadable == "" {
				t.Fatalf("pay.acct = %+v (found %v): want it unreadable, not zero usage", u, ok)
			}
			if u.ActionsPerSecond != 0 || u.ActionLimit != 0 {
				t.Errorf("pay.acct carries the limited answer's figures: %+v", u)
			}
			if !containsSubstring(snap.Warnings, "limited") {
				t.Errorf("warnings %q do not say the data is limited", snap.Warnings)
			}
		})
	}
}

// TestLimitedSplitUntilComplete checks that a limited answer is split by
// namespace globs until each part is complete, the parts merged.
func TestLimitedSplitUntilComplete(t *testing.T) {
	const bodyA = `# TYPE temporal_cloud_v1_action_limit gauge
temporal_cloud_v1_action_limit{temporal_namespace="alpha.acct"} 500 1609459200000
# EOF
`
	const bodyB = `# TYPE temporal_cloud_v1_action_limit gauge
temporal_cloud_v1_action_limit{temporal_namespace="beta.acct"} 700 1609459200000
# EOF
`
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
		globs := r.URL.Query()["namespaces"]
		hasA, hasB := false, false
		for _, g := range globs {
			hasA = hasA || strings.HasPrefix("alpha.acct", strings.TrimSuffix(g, "*"))
			hasB = hasB || strings.HasPrefix("beta.acct", strings.TrimSuffix(g, "*"))
		}
		switch {
		case len(globs) == 0 || (hasA && hasB):
			// Both do not fit: serve a part, say so.
			w.Header().Set("X-Completeness", "limited")
			_, _ = w.Write([]byte(bodyA))
		case hasA:
			w.Header().Set("X-Completeness", "complete")
			_, _ = w.Write([]byte(bodyA))
		case hasB:
			w.Header().Set("X-Completeness", "complete")
			_, _ = w.Write([]byte(bodyB))
		default:
			w.Header().Set("X-Completeness", "complete")
			_, _ = w.Write([]byte("# EOF\n"))
		}
	}))
	defer srv.Close()
	c := New(Options{BaseURL: srv.URL, APIKey: testKey, HTTPClient: srv.Client()})
	snap, err := c.FetchUsage(context.Background())
	if err != nil {
		t.Fatalf("FetchUsage: %v", err)
	}
	if snap.Completeness != completenessComplete {
		t.Errorf("Completeness = %q, want complete; warnings %q", snap.Completeness, snap.Warnings)
	}
	if a, b := snap.Namespaces["alpha.acct"], snap.Namespaces["beta.acct"]; a.ActionLimit != 500 || b.ActionLimit != 700 || a.Unreadable != "" || b.Unreadable != "" {
		t.Errorf("alpha = %+v, beta = %+v", a, b)
	}
	if n := calls.Load(); n < 2 || n > 6 {
		t.Errorf("%d requests, want a few", n)
	}
}
