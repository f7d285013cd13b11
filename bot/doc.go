// Package bot is the chat side of the capacity bot, independent of the chat
// transport: it parses /capacity commands, decides who may do what, and turns
// a command into workflow starts, queries and updates through an Engine. The
// Slack adapter (bot/slackbot) and the console adapter (bot/console) both
// call the same Handler, so a command behaves the same in a terminal and in
// Slack.
package bot
