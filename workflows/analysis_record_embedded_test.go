//go:build recordhistory

package workflows

import (
	"context"
	"testing"

	"go.temporal.io/sdk/client"

	"github.com/capacitybot/capacitybot/internal/temporalserver"
)

// TestRecordAnalysisHistoryEmbedded re-records testdata/analysis_history.json
// on the embedded Temporal server. It sits behind a build tag so that the
// package's ordinary test build does not compile the server:
//
//	go test -tags recordhistory ./workflows -run RecordAnalysisHistoryEmbedded
func TestRecordAnalysisHistoryEmbedded(t *testing.T) {
	srv, err := temporalserver.Start(context.Background(), temporalserver.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("starting the embedded server: %v", err)
	}
	defer func() {
		if err := srv.Stop(); err != nil {
			t.Errorf("stopping the embedded server: %v", err)
		}
	}()
	c, err := client.Dial(client.Options{HostPort: srv.FrontendAddress(), Namespace: "default"})
	if err != nil {
		t.Fatalf("connecting to %s: %v", srv.FrontendAddress(), err)
	}
	defer c.Close()
	if err := RecordAnalysisHistory(context.Background(), c, analysisHistoryFile); err != nil {
		t.Fatal(err)
	}
}
