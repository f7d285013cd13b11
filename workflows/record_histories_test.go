//go:build recordhistory

package workflows

import (
	"context"
	"fmt"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest"

	"github.com/capacitybot/capacitybot/internal/temporalserver"
)

// recordScenario is one real run (or chain of runs) whose histories the
// replay tests keep. Each scenario has its own task queue and worker, so all
// run side by side on one server.
type recordScenario struct {
	name   string
	record func(ctx context.Context, rec *recorder) error
}

func recordScenarios() []recordScenario {
	scenarios := boostRecordScenarios()
	return append(scenarios,
		recordScenario{name: "scheduled_boost", record: recordScheduledBoost},
		recordScenario{name: "scheduled_boost_approved", record: recordScheduledBoostApproved},
		recordScenario{name: "watch", record: recordWatch},
		recordScenario{name: "analysis", record: recordAnalysis},
		recordScenario{name: "scheduled_report", record: recordScheduledReport},
		recordScenario{name: "home", record: recordHome},
		recordScenario{name: "metrics_budget", record: recordMetricsBudget},
	)
}

// TestRecordHistories re-records every history of recordedHistories (but the
// kept ones) from real runs, with Cloud Ops, the Metrics API and Slack faked.
// It runs on the embedded Temporal server, or on TEMPORAL_ADDRESS when set.
// It sits behind a build tag so the ordinary test build does not link the
// server:
//
//	go test -tags recordhistory -count=1 ./workflows -run RecordHistories
//
// -run RecordHistories/boost_extend re-records one scenario.
func TestRecordHistories(t *testing.T) {
	c := recordClient(t)
	var mu sync.Mutex
	var saved []string
	ran := 0
	t.Run("scenarios", func(t *testing.T) {
		for _, sc := range recordScenarios() {
			t.Run(sc.name, func(t *testing.T) {
				t.Parallel()
				ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
				defer cancel()
				rec := &recorder{c: c, queue: fmt.Sprintf("record-%s-%d", sc.name, time.Now().UnixNano())}
				if err := sc.record(ctx, rec); err != nil {
					t.Fatalf("recording %s: %v", sc.name, err)
				}
				mu.Lock()
				defer mu.Unlock()
				saved = append(saved, rec.saved...)
				ran++
			})
		}
	})
	if ran < len(recordScenarios()) {
		return // some scenarios were filtered out or failed
	}
	for _, h := range recordedHistories() {
		if h.kept == "" && !slices.Contains(saved, h.file) {
			t.Errorf("no scenario recorded %s", h.file)
		}
	}
}

// recordClient connects to TEMPORAL_ADDRESS, or starts the embedded server.
func recordClient(t *testing.T) client.Client {
	t.Helper()
	addr := os.Getenv("TEMPORAL_ADDRESS")
	if addr == "" {
		srv, err := temporalserver.Start(context.Background(), temporalserver.Options{DataDir: t.TempDir()})
		if err != nil {
			t.Fatalf("starting the embedded server: %v", err)
		}
		t.Cleanup(func() {
			if err := srv.Stop(); err != nil {
				t.Errorf("stopping the embedded server: %v", err)
			}
		})
		addr = srv.FrontendAddress()
	}
	logger := NewZapAdapter(zaptest.NewLogger(t, zaptest.Level(zap.WarnLevel)))
	c, err := client.Dial(client.Options{HostPort: addr, Namespace: "default", Logger: logger})
	if err != nil {
		t.Fatalf("connecting to Temporal at %s: %v", addr, err)
	}
	t.Cleanup(c.Close)
	return c
}

// recorder runs one scenario: its worker, its task queue, the files saved.
type recorder struct {
	c     client.Client
	queue string
	saved []string
}

// startWorker registers everything (as the bot's worker does) on the
// scenario's queue; the returned stop must be called.
func (r *recorder) startWorker(acts *Activities) (stop func(), err error) {
	w := worker.New(r.c, r.queue, worker.Options{})
	Register(w, acts)
	if err := w.Start(); err != nil {
		return nil, fmt.Errorf("starting worker: %w", err)
	}
	return w.Stop, nil
}

// save writes a closed run's history to testdata/file.
func (r *recorder) save(ctx context.Context, file, id, runID string) error {
	if err := writeHistory(ctx, r.c, id, runID, historyPath(file)); err != nil {
		return fmt.Errorf("saving %s: %w", file, err)
	}
	r.saved = append(r.saved, file)
	return nil
}
