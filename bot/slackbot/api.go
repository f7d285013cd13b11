package slackbot

import (
	"context"
	"errors"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// NewClient builds the Slack Web API client. apiURL is empty in production;
// tests point it at a fake (it must end with a slash).
func NewClient(botToken, appToken, apiURL string) *slack.Client {
	opts := []slack.Option{slack.OptionAppLevelToken(appToken)}
	if apiURL != "" {
		opts = append(opts, slack.OptionAPIURL(apiURL))
	}
	return slack.New(botToken, opts...)
}

// The Web API methods the bot calls, as the metrics label them.
const (
	methodPost         = "chat.postMessage"
	methodUpdate       = "chat.update"
	methodEphemeral    = "chat.postEphemeral"
	methodRespond      = "response_url" // a response_url post, not a Web API method
	methodOpenView     = "views.open"
	methodUpdateView   = "views.update"
	methodUpload       = "files.upload"
	methodGroupMembers = "usergroups.users.list"
	methodPublishView  = "views.publish"
)

// webAPIMethods lists them, so that their metrics start at zero.
func webAPIMethods() []string {
	return []string{methodPost, methodUpdate, methodEphemeral, methodRespond, methodOpenView,
		methodUpdateView, methodUpload, methodGroupMembers, methodPublishView}
}

// webAPI wraps the Slack calls the bot makes, recording each in the metrics.
// A 429 is counted and returned, not waited out: the caller (an activity
// with bounded retries, or a person) decides whether to try again.
type webAPI struct {
	api     *slack.Client
	metrics *telemetry.Metrics
}

func (w webAPI) observe(method string, err error) error {
	w.metrics.ObserveSlack(method, err)
	var rl *slack.RateLimitedError
	if err != nil && errors.As(err, &rl) && w.metrics != nil {
		w.metrics.SlackRateWaits.WithLabelValues(method).Inc()
	}
	return err
}

func (w webAPI) post(ctx context.Context, channel string, opts ...slack.MsgOption) (string, string, error) {
	ch, ts, err := w.api.PostMessageContext(ctx, channel, opts...)
	return ch, ts, w.observe(methodPost, err)
}

func (w webAPI) update(ctx context.Context, channel, ts string, opts ...slack.MsgOption) error {
	_, _, _, err := w.api.UpdateMessageContext(ctx, channel, ts, opts...)
	return w.observe(methodUpdate, err)
}

// message reads one message back (conversations.history at its ts), for
// an edit that must keep the rest of it.
func (w webAPI) message(ctx context.Context, channel, ts string) (slack.Message, error) {
	resp, err := w.api.GetConversationHistoryContext(ctx, &slack.GetConversationHistoryParameters{
		ChannelID: channel, Latest: ts, Inclusive: true, Limit: 1})
	if err = w.observe("conversations.history", err); err != nil {
		return slack.Message{}, err
	}
	for _, m := range resp.Messages {
		if m.Timestamp == ts {
			return m, nil
		}
	}
	return slack.Message{}, fmt.Errorf("message %s not found in %s", ts, channel)
}

func (w webAPI) ephemeral(ctx context.Context, channel, user string, opts ...slack.MsgOption) error {
	_, err := w.api.PostEphemeralContext(ctx, channel, user, opts...)
	return w.observe(methodEphemeral, err)
}

// respond posts to a slash command's or interaction's response_url, which
// works where the bot is not a member (DMs, private channels).
func (w webAPI) respond(ctx context.Context, responseURL, responseType string, opts ...slack.MsgOption) error {
	opts = append([]slack.MsgOption{slack.MsgOptionResponseURL(responseURL, responseType)}, opts...)
	_, _, err := w.api.PostMessageContext(ctx, "", opts...)
	return w.observe(methodRespond, err)
}

func (w webAPI) openView(ctx context.Context, triggerID string, v slack.ModalViewRequest) error {
	_, err := w.api.OpenViewContext(ctx, triggerID, v)
	return w.observe(methodOpenView, err)
}

func (w webAPI) updateView(ctx context.Context, v slack.ModalViewRequest, hash, viewID string) error {
	_, err := w.api.UpdateViewContext(ctx, v, "", hash, viewID)
	return w.observe(methodUpdateView, err)
}

func (w webAPI) publishView(ctx context.Context, userID string, v slack.HomeTabViewRequest) error {
	_, err := w.api.PublishViewContext(ctx, slack.PublishViewContextRequest{UserID: userID, View: v})
	return w.observe(methodPublishView, err)
}

func (w webAPI) upload(ctx context.Context, p slack.UploadFileParameters) error {
	_, err := w.api.UploadFileContext(ctx, p)
	return w.observe(methodUpload, err)
}

// csvFile is a CSV to upload: its file name, title and content.
type csvFile struct {
	name, title string
	content     []byte
}

// uploadCSV uploads a CSV into the thread of the message ts in channel: the
// analysis report's full table and the history's every row.
func (w webAPI) uploadCSV(ctx context.Context, channel, ts string, f csvFile) error {
	err := w.upload(ctx, slack.UploadFileParameters{
		Filename: f.name, Title: f.title,
		Content: string(f.content), FileSize: len(f.content),
		Channel: channel, ThreadTimestamp: ts,
	})
	if err != nil {
		return fmt.Errorf("uploading %s to %s: %w", f.name, channel, err)
	}
	return nil
}

// Groups looks up Slack user group members (usergroups.users.list); it
// implements bot.GroupLookup. It is separate from Bot so the Authorizer can
// be built before the Bot that uses it.
type Groups struct {
	API     *slack.Client
	Metrics *telemetry.Metrics
}

// GroupMembers lists the active members of a user group.
func (g Groups) GroupMembers(ctx context.Context, groupID string) ([]string, error) {
	users, err := g.API.GetUserGroupMembersContext(ctx, groupID, slack.GetUserGroupMembersOptionIncludeDisabled(false))
	if err := (webAPI{api: g.API, metrics: g.Metrics}).observe(methodGroupMembers, err); err != nil {
		return nil, fmt.Errorf("listing members of user group %s: %w", groupID, err)
	}
	return users, nil
}
