package slackbot

// BotScopes are the OAuth bot scopes the code needs, each for a reason; the
// manifest at the repository root must ask for exactly these (a test checks).
func BotScopes() map[string]string {
	return map[string]string{
		"commands":          "the /capacity slash command",
		"chat:write":        "chat.postMessage, chat.update, chat.postEphemeral",
		"chat:write.public": "posting reports and boosts to public channels the bot has not joined",
		"usergroups:read":   "usergroups.users.list, for SLACK_BOOST_GROUPS",
		"files:write":       "files.getUploadURLExternal and files.completeUploadExternal, for the report CSV",
		"channels:read":     "conversations.info on a public SLACK_ALERT_CHANNEL, so `check` finds out without posting that it exists and whether the bot is in it",
		"groups:read":       "conversations.info on a private SLACK_ALERT_CHANNEL the bot is in (private channels need their own read scope)",
	}
}
