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
		"channels:history":  "conversations.history, to read a report back and mark its applied row (public channels)",
		"groups:history":    "conversations.history, to read a report back and mark its applied row (private channels)",
		"channels:read":     "conversations.info on a public SLACK_ALERT_CHANNEL, so `check` finds out without posting that it exists and whether the bot is in it",
		"groups:read":       "conversations.info on a private SLACK_ALERT_CHANNEL the bot is in (private channels need their own read scope)",
	}
}

// BotEvents are the Events API events the code handles, each for a reason;
// the manifest must subscribe to exactly these (a test checks). None needs
// a scope of its own.
func BotEvents() map[string]string {
	return map[string]string{
		"app_home_opened": "publishing the App Home tab when a user opens it",
	}
}
