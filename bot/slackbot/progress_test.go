package slackbot

import (
	"context"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/workflows"
)

// TestAnalysisProgressEditsOneMessage: the first progress is posted, the
// next ones edit that message in place.
func TestAnalysisProgressEditsOneMessage(t *testing.T) {
	n, fs, _ := newNotifier(t, "")
	ctx := context.Background()
	p := workflows.AnalysisProgress{Channel: "C5", Read: 4000, Total: 10000}
	ref, err := n.PostAnalysisProgress(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if ref.TS == "" {
		t.Fatalf("no message ref returned: %+v", ref)
	}
	post, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "C5"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(post.Param("text"), "read 4,000 of 10,000 namespaces…") {
		t.Errorf("progress text %q", post.Param("text"))
	}
	p.Ref, p.Read = &ref, 10000
	if _, err := n.PostAnalysisProgress(ctx, p); err != nil {
		t.Fatal(err)
	}
	upd, err := fs.WaitMethod(wait, "chat.update", map[string]string{"ts": ref.TS})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(upd.Param("text"), "read all 10,000 namespaces; the report follows") {
		t.Errorf("final progress text %q", upd.Param("text"))
	}
	if posts := len(fs.CallsTo("chat.postMessage")); posts != 1 {
		t.Errorf("%d messages posted, want 1 edited in place", posts)
	}
}
