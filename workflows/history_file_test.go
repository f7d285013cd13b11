//go:build recordhistory

package workflows

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/temporalproto"
	"go.temporal.io/sdk/client"
)

// writeHistory saves a closed workflow's history as the JSON the replay
// tests read: compact, one event a line, so the files stay small and a
// re-recording diffs event by event.
func writeHistory(ctx context.Context, c client.Client, id, runID, path string) error {
	var buf bytes.Buffer
	buf.WriteString("{\"events\": [\n")
	iter := c.GetWorkflowHistory(ctx, id, runID, false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for n := 0; iter.HasNext(); n++ {
		ev, err := iter.Next()
		if err != nil {
			return fmt.Errorf("reading history: %w", err)
		}
		data, err := temporalproto.CustomJSONMarshalOptions{}.Marshal(ev)
		if err != nil {
			return fmt.Errorf("encoding event %d: %w", ev.GetEventId(), err)
		}
		if n > 0 {
			buf.WriteString(",\n")
		}
		buf.Write(data)
	}
	buf.WriteString("\n]}\n")
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
