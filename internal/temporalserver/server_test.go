package temporalserver

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
	"go.uber.org/zap/zaptest"
)

func greet(_ workflow.Context, name string) (string, error) {
	return "hello " + name, nil
}

func startServer(t *testing.T, dir string) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s, err := Start(ctx, Options{DataDir: dir, Logger: zaptest.NewLogger(t), LogLevel: "error"})
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	return s
}

func dial(t *testing.T, s *Server) client.Client {
	t.Helper()
	c, err := client.Dial(client.Options{HostPort: s.FrontendAddress(), Namespace: "default"})
	if err != nil {
		t.Fatalf("dialing %s: %v", s.FrontendAddress(), err)
	}
	return c
}

// TestHistorySurvivesRestart is the reason the server is persisted: a
// workflow run before a restart is still there after it.
func TestHistorySurvivesRestart(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	s := startServer(t, dir)
	if !strings.HasPrefix(s.FrontendAddress(), "127.0.0.1:") {
		t.Errorf("frontend %q is not on loopback", s.FrontendAddress())
	}
	c := dial(t, s)
	w := worker.New(c, "tq", worker.Options{})
	w.RegisterWorkflow(greet)
	if err := w.Start(); err != nil {
		t.Fatalf("worker start: %v", err)
	}
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "greet-1", TaskQueue: "tq"}, greet, "world")
	if err != nil {
		t.Fatalf("ExecuteWorkflow: %v", err)
	}
	var got string
	if err := run.Get(ctx, &got); err != nil {
		t.Fatalf("workflow result: %v", err)
	}
	if got != "hello world" {
		t.Fatalf("result = %q, want %q", got, "hello world")
	}
	w.Stop()
	c.Close()
	if err := s.Stop(); err != nil {
		t.Fatalf("Stop: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, DBFileName)); err != nil {
		t.Fatalf("database file: %v", err)
	}

	s2 := startServer(t, dir)
	defer func() { _ = s2.Stop() }()
	// A second server on the same folder is refused while this one runs.
	if other, err := Start(ctx, Options{DataDir: dir}); err == nil {
		_ = other.Stop()
		t.Fatal("a second server started on a data folder in use")
	} else if !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), "DATA_DIR") {
		t.Errorf("second server's error %q does not say the folder is in use and name DATA_DIR", err)
	}
	c2 := dial(t, s2)
	defer c2.Close()
	desc, err := c2.DescribeWorkflowExecution(ctx, "greet-1", run.GetRunID())
	if err != nil {
		t.Fatalf("describing the workflow after restart: %v", err)
	}
	if st := desc.GetWorkflowExecutionInfo().GetStatus(); st != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		t.Fatalf("status after restart = %v, want COMPLETED", st)
	}
	var events int
	it := c2.GetWorkflowHistory(ctx, "greet-1", run.GetRunID(), false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	var last enumspb.EventType
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			t.Fatalf("reading history: %v", err)
		}
		events++
		last = ev.GetEventType()
	}
	if events == 0 || last != enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED {
		t.Fatalf("history after restart: %d events, last %v; want a completed history", events, last)
	}
}

func TestStartErrorsNameTheSettings(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	busyPort := busy.Addr().(*net.TCPAddr).Port

	notADir := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notADir, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	corrupt := t.TempDir()
	if err := os.WriteFile(filepath.Join(corrupt, DBFileName), []byte("this is not a database, just some text long enough"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		opts Options
		want []string
	}{
		{"port in use", Options{DataDir: t.TempDir(), Port: busyPort}, []string{strconv.Itoa(busyPort), "TEMPORAL_ADDRESS", "EMBEDDED_TEMPORAL_PORT"}},
		{"bad port", Options{DataDir: t.TempDir(), Port: 70000}, []string{"70000", "EMBEDDED_TEMPORAL_PORT"}},
		{"data dir is a file", Options{DataDir: notADir}, []string{notADir, "DATA_DIR"}},
		{"no data dir", Options{}, []string{"DATA_DIR"}},
		{"corrupt database", Options{DataDir: corrupt}, []string{DBFileName, "DATA_DIR"}},
		{"bad log level", Options{DataDir: t.TempDir(), LogLevel: "loud", Logger: zaptest.NewLogger(t)}, []string{"loud", "TEMPORAL_SERVER_LOG_LEVEL"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			s, err := Start(ctx, tc.opts)
			if err == nil {
				_ = s.Stop()
				t.Fatal("Start succeeded, want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}
