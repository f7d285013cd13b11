// Package bottest holds the bot.Engine fake that the bot, Slack, perf and
// reliability tests share, so that one fake, with one behaviour, stands in
// for Temporal behind a real bot.Handler. It is imported only by tests.
//
// It does not import package bot, so that bot's own tests may use it; the
// typed errors the handler tells apart (bot.ErrNoBoost and the like) are
// handed to NewEngine instead.
package bottest
