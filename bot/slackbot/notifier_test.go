package slackbot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

func newNotifier(t *testing.T, alertChannel string) (*Notifier, *fakeslack.Server, *telemetry.Metrics) {
	t.Helper()
	fs := fakeslack.New(t)
	m := telemetry.New()
	return NewNotifier(NewClient("xoxb-test", "xapp-test", fs.APIURL()), alertChannel, true, m, nil), fs, m
}

func TestNotifierBoostMessages(t *testing.T) {
	n, fs, _ := newNotifier(t, "CALERTS")
	ctx := context.Background()
	st := boostStatus(workflows.PhasePlanned)

	ref, err := n.CreateBoostRoot(ctx, "C777", st)
	if err != nil || ref.Channel != "C777" || ref.TS == "" {
		t.Fatalf("CreateBoostRoot = %+v, %v", ref, err)
	}
	root, _ := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "C777"})
	if !strings.Contains(string(root.Blocks()), "SIMULATED") || strings.Contains(string(root.Blocks()), ActionRevert) {
		t.Errorf("planned root: want SIMULATED and no buttons: %s", root.Blocks())
	}

	st.Phase = workflows.PhaseActive
	if err := n.UpdateBoostRoot(ctx, ref, st); err != nil {
		t.Fatal(err)
	}
	upd, err := fs.WaitMethod(wait, "chat.update", map[string]string{"channel": "C777", "ts": ref.TS})
	if err != nil || !strings.Contains(string(upd.Blocks()), ActionRevert) {
		t.Errorf("active root must carry the buttons: %v %s", err, upd.Blocks())
	}

	step := workflows.Step{Phase: workflows.PhaseReverting, Severity: workflows.SeverityError, Text: "revert failed", At: t0}
	if err := n.PostBoostStep(ctx, ref, st, step); err != nil {
		t.Fatal(err)
	}
	if _, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"thread_ts": ref.TS, "reply_broadcast": "true"}); err != nil {
		t.Errorf("error step not posted in the thread and broadcast: %v", err)
	}

	alert := workflows.Alert{Namespace: "orders", Requester: "U123", Severity: workflows.SeverityError, Title: "Revert failed", Thread: ref}
	if err := n.PostAlert(ctx, alert); err != nil {
		t.Fatal(err)
	}
	a, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "CALERTS"})
	if err != nil || !strings.Contains(a.Param("text"), "<@U123>") || !strings.Contains(string(a.Blocks()), "/archives/C777/p"+strings.ReplaceAll(ref.TS, ".", "")) {
		t.Errorf("alert must name the requester and link the thread: %v %+v", err, a.Params)
	}
}

func TestNotifierAlertFallsBackToBoostChannel(t *testing.T) {
	n, fs, _ := newNotifier(t, "")
	err := n.PostAlert(context.Background(), workflows.Alert{Namespace: "orders", Requester: "U1", Title: "x",
		Thread: workflows.MessageRef{Channel: "C9", TS: "1.2"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "C9"}); err != nil {
		t.Error(err)
	}
}

func TestNotifierRateLimitIsAnError(t *testing.T) {
	n, fs, m := newNotifier(t, "CALERTS")
	fs.RateLimit("chat.postMessage", 1, 3*time.Second)
	_, err := n.CreateBoostRoot(context.Background(), "C777", boostStatus(workflows.PhasePlanned))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 3*time.Second {
		t.Fatalf("want a wrapped RateLimitedError of 3s, got %v", err)
	}
	if !strings.Contains(err.Error(), "orders-prod.a1b2c") {
		t.Errorf("error lacks context: %v", err)
	}
	if got := counterValue(t, m, "chat.postMessage"); got != 1 {
		t.Errorf("SlackRateWaits = %v, want 1", got)
	}
	if _, err := n.CreateBoostRoot(context.Background(), "C777", boostStatus(workflows.PhasePlanned)); err != nil {
		t.Errorf("retry after the 429: %v", err)
	}
	fs.FailNext("chat.update", 1, "message_not_found")
	if err := n.UpdateBoostRoot(context.Background(), workflows.MessageRef{Channel: "C", TS: "1"}, boostStatus(workflows.PhaseDone)); err == nil ||
		!strings.Contains(err.Error(), "message_not_found") {
		t.Errorf("API error not returned: %v", err)
	}
}

func TestNotifierReport(t *testing.T) {
	cases := []struct {
		name    string
		rows    int
		wantCSV bool
	}{
		{name: "fits", rows: 4},
		{name: "too many rows", rows: 250, wantCSV: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n, fs, _ := newNotifier(t, "")
			r := report(tc.rows, 60)
			if err := n.PostReport(context.Background(), "C5", r); err != nil {
				t.Fatal(err)
			}
			msg, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "C5"})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(msg.Blocks()), `"type":"table"`) {
				t.Errorf("report has no table: %s", msg.Blocks())
			}
			uploads := fs.CallsTo("files.completeUploadExternal")
			if got := len(uploads) == 1; got != tc.wantCSV {
				t.Fatalf("CSV uploaded = %v, want %v", got, tc.wantCSV)
			}
			if !tc.wantCSV {
				return
			}
			if uploads[0].Param("channel_id") != "C5" || uploads[0].Param("thread_ts") == "" {
				t.Errorf("CSV not in the report's thread: %+v", uploads[0].Params)
			}
			var csv []byte
			for _, c := range fs.CallsTo("upload") {
				if b, ok := fs.Upload(c.Param("file_id")); ok {
					csv = b
				}
			}
			if lines := strings.Count(string(csv), "\n"); lines != tc.rows+1 {
				t.Errorf("CSV has %d lines, want %d", lines, tc.rows+1)
			}
		})
	}
}
