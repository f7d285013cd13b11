package slackbot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/slack-go/slack"
	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/telemetry"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestRefusalOf(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want refusalKind
	}{
		{"invalid_blocks", slack.SlackErrorResponse{Err: "invalid_blocks"}, refusalPayload},
		{"invalid_blocks_format", slack.SlackErrorResponse{Err: "invalid_blocks_format"}, refusalPayload},
		{"msg_too_long", slack.SlackErrorResponse{Err: "msg_too_long"}, refusalPayload},
		{"msg_blocks_too_long", slack.SlackErrorResponse{Err: "msg_blocks_too_long"}, refusalPayload},
		{"not_in_channel wrapped", fmt.Errorf("posting: %w", slack.SlackErrorResponse{Err: "not_in_channel"}), refusalChannel},
		{"channel_not_found", slack.SlackErrorResponse{Err: "channel_not_found"}, refusalChannel},
		{"is_archived", slack.SlackErrorResponse{Err: "is_archived"}, refusalChannel},
		{"another code", slack.SlackErrorResponse{Err: "message_not_found"}, refusalNone},
		{"rate limited", &slack.RateLimitedError{}, refusalNone},
		{"a message that only reads like a code", errors.New("invalid_blocks"), refusalNone},
		{"nil", nil, refusalNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := refusalOf(tt.err)
			if r.kind != tt.want {
				t.Errorf("refusalOf(%v) = %d, want %d", tt.err, r.kind, tt.want)
			}
			if (r.kind == refusalChannel) != (r.fix != "") {
				t.Errorf("refusalOf(%v): fix %q; a channel refusal, and only one, says how to fix it", tt.err, r.fix)
			}
		})
	}
}

// refusalNotifier is a Notifier on a fresh fake Slack whose log is observed.
func refusalNotifier(t *testing.T) (*Notifier, *fakeslack.Server, *observer.ObservedLogs) {
	t.Helper()
	fs := fakeslack.New(t)
	core, logs := observer.New(zap.InfoLevel)
	return NewNotifier(NewClient("xoxb-test", "xapp-test", fs.APIURL()), "CALERTS", true, telemetry.New(), zap.New(core)), fs, logs
}

// refusalCases are the messages the Notifier posts, each with the method,
// channel and a fragment of its content that the plain-text version must
// still carry.
func refusalCases() []struct {
	name, method, channel, content string
	send                           func(ctx context.Context, n *Notifier, fs *fakeslack.Server, refuse func()) error
} {
	root := workflows.MessageRef{Channel: "C777", TS: "1700000000.000001"}
	return []struct {
		name, method, channel, content string
		send                           func(ctx context.Context, n *Notifier, fs *fakeslack.Server, refuse func()) error
	}{
		{"report", "chat.postMessage", "C777", "namespace-0002.acct", func(ctx context.Context, n *Notifier, _ *fakeslack.Server, refuse func()) error {
			refuse()
			return n.PostReport(ctx, "C777", report(3, 20))
		}},
		{"boost root", "chat.postMessage", "C777", "Black Friday", func(ctx context.Context, n *Notifier, _ *fakeslack.Server, refuse func()) error {
			refuse()
			_, err := n.CreateBoostRoot(ctx, "C777", boostStatus(workflows.PhasePlanned))
			return err
		}},
		{"boost root update", "chat.update", "C777", "Black Friday", func(ctx context.Context, n *Notifier, _ *fakeslack.Server, refuse func()) error {
			ref, err := n.CreateBoostRoot(ctx, "C777", boostStatus(workflows.PhasePlanned))
			if err != nil {
				return err
			}
			refuse()
			return n.UpdateBoostRoot(ctx, ref, boostStatus(workflows.PhaseActive))
		}},
		{"thread reply", "chat.postMessage", "C777", "revert failed: quota", func(ctx context.Context, n *Notifier, _ *fakeslack.Server, refuse func()) error {
			refuse()
			return n.PostBoostStep(ctx, root, boostStatus(workflows.PhaseActive),
				workflows.Step{Phase: workflows.PhaseReverting, Severity: workflows.SeverityError, Text: "revert failed: quota", At: t0})
		}},
		{"alert", "chat.postMessage", "CALERTS", "Revert failed", func(ctx context.Context, n *Notifier, _ *fakeslack.Server, refuse func()) error {
			refuse()
			return n.PostAlert(ctx, workflows.Alert{Namespace: "orders", Requester: "U1", Severity: workflows.SeverityError,
				Title: "Revert failed", Text: "left at 4 TRUs", Thread: root})
		}},
		{"throttling alert", "chat.postMessage", "CALERTS", "orders.acct", func(ctx context.Context, n *Notifier, _ *fakeslack.Server, refuse func()) error {
			refuse()
			return n.PostWatchAlert(ctx, watchAlert(workflows.WatchOpened))
		}},
	}
}

// TestNotifierPostsPlainTextWhenSlackRefusesBlocks: for each message and
// each way Slack refuses a payload, the same content arrives as plain text
// (no blocks), the log says so, and the Notifier reports success, so the
// activity neither fails nor posts twice.
func TestNotifierPostsPlainTextWhenSlackRefusesBlocks(t *testing.T) {
	refusals := []struct{ blockType, code string }{
		{"table", fakeslack.ErrInvalidBlocks}, // a block type the workspace does not support
		{"", fakeslack.ErrInvalidBlocks},
		{"", fakeslack.ErrInvalidBlocksFormat},
		{"", fakeslack.ErrMsgTooLong},
	}
	for _, c := range refusalCases() {
		for _, r := range refusals {
			if r.blockType == "table" && c.name != "report" {
				continue // only the report has a table
			}
			t.Run(c.name+"/"+r.code+"/"+r.blockType, func(t *testing.T) {
				n, fs, logs := refusalNotifier(t)
				if err := c.send(context.Background(), n, fs, func() { fs.RefuseBlocks(r.blockType, r.code) }); err != nil {
					t.Fatalf("the refusal was not absorbed: %v", err)
				}
				var refused, plain *fakeslack.Call
				for _, call := range fs.Calls() {
					if call.Method != c.method || call.Param("channel") != c.channel {
						continue
					}
					switch {
					case call.Error == r.code:
						refused = &call
					case call.Error == "" && refused != nil:
						plain = &call
					}
				}
				if refused == nil || plain == nil {
					t.Fatalf("want a refused %s then a plain one in %s; calls: %+v", c.method, c.channel, fs.Calls())
				}
				if b := string(plain.Blocks()); b != "" && b != "[]" {
					t.Errorf("the fallback still carries blocks: %s", b)
				}
				if !strings.Contains(plain.Param("text"), c.content) || !strings.Contains(plain.Param("text"), "SIMULATED") {
					t.Errorf("plain text %q lacks %q or the SIMULATED mark", plain.Param("text"), c.content)
				}
				if c.name == "report" {
					if _, err := fs.WaitMethod(wait, "files.completeUploadExternal", map[string]string{"channel_id": "C777"}); err != nil {
						t.Errorf("the report went as plain text without its CSV: %v", err)
					}
				}
				if logs.FilterMessageSnippet("plain text").FilterField(zap.String("slack_error", r.code)).Len() != 1 {
					t.Errorf("the log does not say the message went as plain text: %v", logs.All())
				}
			})
		}
	}
}

// TestNotifierReportsRefusedChannel: a message Slack refuses for its
// channel is posted to the alerts channel with where it was meant to go,
// why, the fix and its content; a boost root so posted keeps the boost's
// thread there.
func TestNotifierReportsRefusedChannel(t *testing.T) {
	for _, code := range []string{fakeslack.ErrNotInChannel, fakeslack.ErrChannelNotFound} {
		for _, c := range refusalCases() {
			if c.channel == "CALERTS" {
				continue // see TestNotifierRefusedAlertsChannel
			}
			t.Run(code+"/"+c.name, func(t *testing.T) {
				n, fs, logs := refusalNotifier(t)
				if err := c.send(context.Background(), n, fs, func() { fs.RefuseChannel("C777", code) }); err != nil {
					t.Fatalf("the refusal was not absorbed: %v", err)
				}
				report, err := fs.WaitMethod(wait, "chat.postMessage", map[string]string{"channel": "CALERTS"})
				if err != nil {
					t.Fatal(err)
				}
				text := report.Param("text")
				for _, part := range []string{"could not post", "<#C777>", code, c.content} {
					if !strings.Contains(text, part) {
						t.Errorf("alerts channel post %q lacks %q", text, part)
					}
				}
				if logs.FilterMessageSnippet("posted the message to the alerts channel").Len() != 1 {
					t.Errorf("the log does not say where the message went: %v", logs.All())
				}
			})
		}
	}
	n, fs, _ := refusalNotifier(t)
	fs.RefuseChannel("C777", fakeslack.ErrNotInChannel)
	ref, err := n.CreateBoostRoot(context.Background(), "C777", boostStatus(workflows.PhasePlanned))
	if err != nil || ref.Channel != "CALERTS" || ref.TS == "" {
		t.Fatalf("root in a refused channel = %+v, %v; want it in the alerts channel", ref, err)
	}
}

// TestNotifierRefusedAlertsChannel: when the alerts channel itself is
// refused there is nowhere else to post; the error names the code and the
// fix, and the content is logged.
func TestNotifierRefusedAlertsChannel(t *testing.T) {
	n, fs, logs := refusalNotifier(t)
	fs.RefuseChannel("CALERTS", fakeslack.ErrChannelNotFound)
	err := n.PostAlert(context.Background(), workflows.Alert{Namespace: "orders", Requester: "U1", Title: "Revert failed"})
	if err == nil || !strings.Contains(err.Error(), "channel_not_found") || !strings.Contains(err.Error(), "check the channel ID") {
		t.Fatalf("error %v, want one naming channel_not_found and the fix", err)
	}
	if logs.FilterField(zap.String("slack_error", "channel_not_found")).FilterMessageSnippet("the message follows").Len() != 1 {
		t.Errorf("the alert's content was not logged: %v", logs.All())
	}
}
