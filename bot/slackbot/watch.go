package slackbot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"
	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// ActionWatchBoost is the Boost button on a throttling alert. Its value is a
// watchBoostValue: the namespace and the suggested TRUs.
const ActionWatchBoost = "watch_boost"

// watchBoostValue is the Boost button's value (at most 2000 characters: a
// namespace is at most 63).
type watchBoostValue struct {
	Namespace string  `json:"n"`
	TRUs      float64 `json:"t,omitempty"`
}

func decodeWatchBoost(s string) (watchBoostValue, error) {
	var v watchBoostValue
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return watchBoostValue{}, fmt.Errorf("decoding the Boost button value: %w", err)
	}
	if v.Namespace == "" {
		return watchBoostValue{}, fmt.Errorf("the Boost button names no namespace")
	}
	return v, nil
}

// WatchAlertText is the notification text of a throttling alert.
func WatchAlertText(a workflows.WatchAlert) string {
	return bot.MarkSimulatedPost(watchAlertLine(a), a.Simulated)
}

func watchAlertLine(a workflows.WatchAlert) string {
	if a.Kind == workflows.WatchCleared {
		return fmt.Sprintf(":white_check_mark: %s: throttling incident cleared", a.Namespace)
	}
	if a.ThrottledPerSec > 0 {
		return fmt.Sprintf(":rotating_light: %s is being throttled", a.Namespace)
	}
	return fmt.Sprintf(":warning: %s is above %s of its limit", a.Namespace, humanize.Percent(a.Threshold))
}

// WatchAlertBlocks renders a throttling incident: what is wrong, the numbers,
// and a Boost button that opens the boost form prefilled with the suggested
// TRUs; a cleared incident gets a short note and no button.
func WatchAlertBlocks(a workflows.WatchAlert) []slack.Block {
	usage := fmt.Sprintf("%s of its limit: %s of %s actions/s", humanize.Percent(a.Share), num(a.APS), num(a.APSLimit))
	var blocks []slack.Block
	if a.Kind == workflows.WatchCleared {
		text := fmt.Sprintf(":white_check_mark: *`%s`: throttling incident cleared* after %s.\nNow at %s.",
			escape(a.Namespace), a.At.Sub(a.OpenedAt).Round(time.Minute), usage)
		blocks = append(blocks, section("watch_body", text))
	} else {
		var b strings.Builder
		if a.ThrottledPerSec > 0 {
			fmt.Fprintf(&b, ":rotating_light: *`%s` is being throttled*: %s actions/s refused.\n", escape(a.Namespace), num(a.ThrottledPerSec))
		} else {
			fmt.Fprintf(&b, ":warning: *`%s` is above %s of its limit.*\n", escape(a.Namespace), humanize.Percent(a.Threshold))
		}
		fmt.Fprintf(&b, "It is at %s", usage)
		if a.CurrentTRUs > 0 {
			fmt.Fprintf(&b, " (%s)", capacity.FormatTRUs(a.CurrentTRUs))
		}
		b.WriteString(".")
		if a.Sensitive {
			fmt.Fprintf(&b, "\nSensitive namespace: alerting at %s.", humanize.Percent(a.Threshold))
		}
		if a.SuggestedTRUs > 0 {
			fmt.Fprintf(&b, "\n*Suggested:* boost to %s.", capacity.FormatTRUs(a.SuggestedTRUs))
		}
		if a.SuggestionNote != "" {
			b.WriteString("\n" + escape(humanize.Clip(a.SuggestionNote, 500)))
		}
		blocks = append(blocks, section("watch_body", b.String()))
		if a.SuggestedTRUs > 0 {
			v, _ := json.Marshal(watchBoostValue{Namespace: a.Namespace, TRUs: a.SuggestedTRUs})
			btn := slack.NewButtonBlockElement(ActionWatchBoost, string(v), plain("Boost to "+capacity.FormatTRUs(a.SuggestedTRUs)+"…")).
				WithStyle(slack.StylePrimary)
			blocks = append(blocks, slack.NewActionBlock("watch_actions", btn))
		}
	}
	notes := []string{"Throttling watch · once per incident"}
	if a.Simulated {
		notes = append(notes, simulatedNote)
	}
	return append(blocks, contextText("watch_notes", notes...))
}

// PostWatchAlert posts a throttling incident to the alerts channel.
func (n *Notifier) PostWatchAlert(ctx context.Context, a workflows.WatchAlert) error {
	a.Simulated = a.Simulated || n.simulated
	if n.alertChannel == "" {
		n.log.Warn("throttling alert dropped: no alert channel", zap.String("namespace", a.Namespace), zap.String("kind", string(a.Kind)))
		return nil
	}
	_, err := n.deliver(ctx, n.alertChannel, outgoing{what: fmt.Sprintf("the %s throttling alert for %s", a.Kind, a.Namespace),
		text: WatchAlertText(a), blocks: WatchAlertBlocks(a)})
	return err
}

// watchBoost opens the boost form from a throttling alert's Boost button,
// prefilled with the namespace and the suggested TRUs. The clicker must be
// allowed to boost; the form's submission is checked like any boost.
func (b *Bot) watchBoost(ctx context.Context, log *zap.Logger, cb slack.InteractionCallback, a *slack.BlockAction) {
	channel := clickChannel(cb)
	v, ok := decodeClick(ctx, b, log, cb, a.Value, decodeWatchBoost, "Boost", "/capacity boost")
	if !ok {
		return
	}
	log = log.With(zap.String("action", a.ActionID), zap.String("namespace", v.Namespace))
	if !b.buttonAllowed(ctx, log, channel, cb.User.ID, v.Namespace, "boost", "Boost button refused") {
		return
	}
	ns, err := b.alertNamespace(ctx, v.Namespace)
	if err != nil {
		log.Warn("throttling alert Boost button names no namespace", zap.Error(err))
		b.tell(ctx, log, channel, cb.User.ID, fmt.Sprintf(":warning: This alert's namespace cannot be boosted: %s. Use `/capacity boost`.", err))
		return
	}
	v.Namespace = ns
	details := b.readNamespace(ctx, ns)
	details.SuggestedTRUs = v.TRUs
	if err := b.w.openView(ctx, cb.TriggerID, BoostModal(channel, &details, b.modalOptions())); err != nil {
		log.Error("opening the boost modal from a throttling alert", zap.Error(err))
		b.tell(ctx, log, channel, cb.User.ID, fmt.Sprintf("Sorry, the boost form could not be opened. You can type `/capacity boost %s %s for 2h`.",
			v.Namespace, humanize.Number(v.TRUs)))
	}
}

// alertNamespace maps the namespace a throttling alert names to its Cloud
// Ops namespace ID through capacity.NamespaceIndex, the rule every Metrics
// label goes through: an alert posted before the watch keyed usage by ID may
// carry a bare name, and a value naming no namespace must not reach Cloud
// Ops as if it were one.
func (b *Bot) alertNamespace(ctx context.Context, named string) (string, error) {
	if b.o.Cloud == nil {
		return named, nil // nothing to read or check against; the form says so
	}
	ctx, cancel := context.WithTimeout(ctx, cloudTimeout)
	defer cancel()
	ids, err := b.o.Cloud.ListNamespaces(ctx)
	if err != nil {
		return "", fmt.Errorf("listing namespaces: %w", err)
	}
	return capacity.NewNamespaceIndex(ids).Find(named)
}
