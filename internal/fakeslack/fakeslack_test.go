package fakeslack

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/socketmode"
)

func TestWebAPIRecordsAndFaults(t *testing.T) {
	s := New(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(s.APIURL()))
	ctx := context.Background()

	ch, ts, err := api.PostMessageContext(ctx, "C1", slack.MsgOptionText("hi", false), slack.MsgOptionTS("1.2"))
	if err != nil || ch != "C1" || ts == "" {
		t.Fatalf("postMessage = %q %q %v", ch, ts, err)
	}
	c, err := s.WaitMethod(time.Second, "chat.postMessage", map[string]string{"thread_ts": "1.2", "text": "hi"})
	if err != nil || c.Token != "xoxb-test" {
		t.Fatalf("recorded call = %+v, %v", c, err)
	}

	s.RateLimit("chat.postMessage", 1, 7*time.Second)
	_, _, err = api.PostMessageContext(ctx, "C1", slack.MsgOptionText("again", false))
	var rl *slack.RateLimitedError
	if !errors.As(err, &rl) || rl.RetryAfter != 7*time.Second {
		t.Fatalf("want RateLimitedError 7s, got %v", err)
	}
	s.FailNext("chat.update", 1, "message_not_found")
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText("x", false)); err == nil || err.Error() != "message_not_found" {
		t.Fatalf("want message_not_found, got %v", err)
	}
	if _, _, _, err := api.UpdateMessageContext(ctx, "C1", ts, slack.MsgOptionText("x", false)); err != nil {
		t.Fatalf("fault must apply once: %v", err)
	}

	s.SetGroupMembers("S1", "U1", "U2")
	users, err := api.GetUserGroupMembersContext(ctx, "S1")
	if err != nil || len(users) != 2 {
		t.Fatalf("group members = %v, %v", users, err)
	}

	sum, err := api.UploadFileContext(ctx, slack.UploadFileParameters{Filename: "r.csv", Content: "a,b\n", FileSize: 4, Channel: "C1"})
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	if got, ok := s.Upload(sum.ID); !ok || string(got) != "a,b\n" {
		t.Fatalf("uploaded content = %q %v", got, ok)
	}
	if _, err := s.WaitMethod(time.Second, "files.completeUploadExternal", map[string]string{"channel_id": "C1"}); err != nil {
		t.Fatal(err)
	}

	view := slack.ModalViewRequest{Type: slack.VTModal, Title: slack.NewTextBlockObject(slack.PlainTextType, "T", false, false)}
	vr, err := api.OpenViewContext(ctx, "trig", view)
	if err != nil || vr.ID == "" {
		t.Fatalf("views.open = %+v, %v", vr, err)
	}
}

func TestSocketModeRoundTrip(t *testing.T) {
	s := New(t, WithPingInterval(50*time.Millisecond))
	runSocketClient(t, s, func(client *socketmode.Client, evt socketmode.Event) {
		if evt.Request != nil && evt.Request.EnvelopeID != "" {
			_ = client.Ack(*evt.Request, map[string]string{"text": "ok"})
		}
	})

	if err := s.WaitConnections(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	id, err := s.SendSlashCommand(slack.SlashCommand{Text: "help", UserID: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	ack, err := s.WaitAck(id, 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if string(ack.Payload) != `{"text":"ok"}` || ack.Latency <= 0 {
		t.Fatalf("ack = %+v", ack)
	}

	s.Disconnect()
	if err := s.WaitConnects(2, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	id2, err := s.SendSlashCommand(slack.SlashCommand{Text: "help", UserID: "U1"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WaitAck(id2, 3*time.Second); err != nil {
		t.Fatalf("after reconnect: %v", err)
	}
	if err := s.Redeliver(id2); err != nil {
		t.Fatal(err)
	}
	if err := s.WaitUntil(timeoutCtx(t, 3*time.Second), func() bool { return s.AckCount(id2) == 2 }); err != nil {
		t.Fatalf("redelivered envelope not acked again: %v", err)
	}
}

// runSocketClient runs slack-go's Socket Mode client against the fake until
// the test ends, handing it every event.
func runSocketClient(t *testing.T, s *Server, handle func(*socketmode.Client, socketmode.Event)) {
	t.Helper()
	api := slack.New("xoxb-test", slack.OptionAppLevelToken("xapp-test"), slack.OptionAPIURL(s.APIURL()))
	client := socketmode.New(api, socketmode.OptionPingInterval(time.Second))
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go func() { _ = client.RunContext(ctx) }()
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case evt := <-client.Events:
				handle(client, evt)
			}
		}
	}()
}

func timeoutCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
