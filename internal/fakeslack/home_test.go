package fakeslack

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

func TestViewsPublishRecordsTheHome(t *testing.T) {
	s := New(t)
	api := slack.New("xoxb-test", slack.OptionAPIURL(s.APIURL()))
	view := slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: []slack.Block{
		slack.NewSectionBlock(slack.NewTextBlockObject(slack.MarkdownType, "dashboard", false, false), nil, nil),
	}}}
	vr, err := api.PublishViewContext(context.Background(), slack.PublishViewContextRequest{UserID: "U1", View: view})
	if err != nil || vr.ID == "" || vr.Type != slack.VTHomeTab {
		t.Fatalf("views.publish = %+v, %v", vr, err)
	}
	c, err := s.WaitMethod(time.Second, "views.publish", map[string]string{"user_id": "U1"})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.Blocks()), "dashboard") {
		t.Errorf("recorded blocks %s lack the view's text", c.Blocks())
	}
	if _, err := api.PublishViewContext(context.Background(), slack.PublishViewContextRequest{UserID: "", View: view}); err == nil {
		t.Error("views.publish without a user succeeded")
	}
}

func TestAppHomeOpenedArrivesAsAnEventsAPIEnvelope(t *testing.T) {
	s := New(t, WithPingInterval(50*time.Millisecond))
	got := make(chan *slackevents.AppHomeOpenedEvent, 1)
	runSocketClient(t, s, func(client *socketmode.Client, evt socketmode.Event) {
		if evt.Type != socketmode.EventTypeEventsAPI {
			return
		}
		_ = client.Ack(*evt.Request)
		ev, _ := evt.Data.(slackevents.EventsAPIEvent)
		if opened, ok := ev.InnerEvent.Data.(*slackevents.AppHomeOpenedEvent); ok {
			got <- opened
		}
	})
	if err := s.WaitConnections(1, 5*time.Second); err != nil {
		t.Fatal(err)
	}
	id, err := s.SendAppHomeOpened("U7", "home")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WaitAck(id, 3*time.Second); err != nil {
		t.Fatal(err)
	}
	select {
	case e := <-got:
		if e.User != "U7" || e.Tab != "home" || e.Type != "app_home_opened" {
			t.Errorf("event = %+v, want app_home_opened by U7 on the home tab", e)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("the socket mode client did not parse an app_home_opened event")
	}
}
