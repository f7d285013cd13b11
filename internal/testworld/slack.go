package testworld

import (
	"encoding/json"
	"fmt"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/internal/fakeslack"
)

// Slash types a /capacity command in channel as user, with a response_url
// named after the trigger so replies to it can be told apart, and returns
// the envelope ID.
func Slash(fs *fakeslack.Server, team, channel, user, text, trigger string) (string, error) {
	id, err := fs.SendSlashCommand(slack.SlashCommand{Command: "/capacity", Text: text, UserID: user,
		UserName: "name-" + user, ChannelID: channel, TeamID: team, TriggerID: trigger,
		ResponseURL: fs.ResponseURL("r-" + trigger)})
	if err != nil {
		return "", fmt.Errorf("sending /capacity %s: %w", text, err)
	}
	return id, nil
}

// FindButton finds a button in a message's blocks: the ID of its actions
// block and its value; ok is false when no button has that action ID.
func FindButton(blocksJSON json.RawMessage, actionID string) (blockID, value string, ok bool, err error) {
	var blocks slack.Blocks
	if err := json.Unmarshal(blocksJSON, &blocks); err != nil {
		return "", "", false, fmt.Errorf("decoding blocks %s: %w", blocksJSON, err)
	}
	for _, b := range blocks.BlockSet {
		a, isActions := b.(*slack.ActionBlock)
		if !isActions || a.Elements == nil {
			continue
		}
		for _, el := range a.Elements.ElementSet {
			if btn, isButton := el.(*slack.ButtonBlockElement); isButton && btn.ActionID == actionID {
				return a.BlockID, btn.Value, true, nil
			}
		}
	}
	return "", "", false, nil
}

// Clip shortens s to n bytes for failure output.
func Clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
