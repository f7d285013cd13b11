package bot

import (
	"time"
)

// UsageError is a command the parser could not accept. It carries the usage
// line and an example for the command, so the reply teaches the right form.
type UsageError struct {
	Message string
	Usage   string
	Example string
}

func (e *UsageError) Error() string {
	msg := e.Message
	if e.Usage != "" {
		msg += "\nUsage: " + e.Usage
	}
	if e.Example != "" {
		msg += "\nExample: " + e.Example
	}
	return msg
}

// Parse parses what follows "/capacity". now anchors "until 15:04".
func Parse(text string, now time.Time) (Command, error) {
	// TODO: implemented in the next commit.
	return Command{Kind: KindHelp}, nil
}

// Usage is the help text, with an example for every command.
func Usage() string {
	return "TODO"
}
