package temporalserver

import (
	"context"
	"testing"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/operatorservice/v1"
	"go.temporal.io/api/workflowservice/v1"
	"go.uber.org/zap/zaptest"
)

// TestRetentionAndSearchAttributes: a new database gets the retention and
// search attributes asked for, and a restart with another retention and a
// new attribute brings the existing namespace up to them.
func TestRetentionAndSearchAttributes(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := func(retention time.Duration, attrs map[string]enumspb.IndexedValueType) *Server {
		s, err := Start(ctx, Options{DataDir: dir, Logger: zaptest.NewLogger(t), LogLevel: "error", Retention: retention, SearchAttributes: attrs})
		if err != nil {
			t.Fatalf("Start: %v", err)
		}
		return s
	}
	check := func(s *Server, retention time.Duration, names ...string) {
		t.Helper()
		c := dial(t, s)
		defer c.Close()
		desc, err := c.WorkflowService().DescribeNamespace(ctx, &workflowservice.DescribeNamespaceRequest{Namespace: "default"})
		if err != nil {
			t.Fatal(err)
		}
		if got := desc.GetConfig().GetWorkflowExecutionRetentionTtl().AsDuration(); got != retention {
			t.Errorf("retention %s, want %s", got, retention)
		}
		have, err := c.OperatorService().ListSearchAttributes(ctx, &operatorservice.ListSearchAttributesRequest{Namespace: "default"})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range names {
			if have.GetCustomAttributes()[n] != enumspb.INDEXED_VALUE_TYPE_KEYWORD {
				t.Errorf("search attribute %s missing: %v", n, have.GetCustomAttributes())
			}
		}
	}
	kw := enumspb.INDEXED_VALUE_TYPE_KEYWORD
	s := start(40*24*time.Hour, map[string]enumspb.IndexedValueType{"CapacityNamespace": kw})
	check(s, 40*24*time.Hour, "CapacityNamespace")
	if err := s.Stop(); err != nil {
		t.Fatal(err)
	}
	s = start(0, map[string]enumspb.IndexedValueType{"CapacityNamespace": kw, "CapacityRequester": kw})
	defer func() { _ = s.Stop() }()
	check(s, DefaultRetention, "CapacityNamespace", "CapacityRequester")
}
