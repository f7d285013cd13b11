package console

import "strings"

// asRefused answers "as <user> …" with real Cloud keys: acting as someone
// else would let one person be both requester and approver of a real change.
const asRefused = "\"as <user>\" works on the simulated account only: with real Temporal Cloud keys every command runs as the console user."

// actingAs splits "as <user> [/capacity] <command>" into the user and the
// command; ok is false when the line does not start with "as <user>" and a
// command.
func actingAs(text string) (user, rest string, ok bool) {
	fields := strings.Fields(text)
	if len(fields) < 3 || !strings.EqualFold(fields[0], "as") {
		return "", "", false
	}
	user = fields[1]
	i := strings.Index(text, user) + len(user)
	return user, stripCommand(text[i:]), true
}
