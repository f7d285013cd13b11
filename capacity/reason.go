package capacity

import (
	"fmt"
	"unicode/utf8"
)

// MaxReasonChars is the longest reason a boost or schedule may carry, in
// characters as Slack's max_length counts them, so that a reason fits one
// line of a Slack message and a form and a command accept the same text.
const MaxReasonChars = 500

// ReasonTooLongError is a reason over MaxReasonChars; its message is meant
// for the requester.
type ReasonTooLongError struct {
	Chars int // the reason's length in characters
}

func (e *ReasonTooLongError) Error() string {
	return fmt.Sprintf("The reason is %d characters long; please keep it to at most %d.", e.Chars, MaxReasonChars)
}

// CheckReason refuses a reason longer than MaxReasonChars characters
// (runes, not bytes: "é" is one) with a *ReasonTooLongError.
func CheckReason(reason string) error {
	if n := utf8.RuneCountInString(reason); n > MaxReasonChars {
		return &ReasonTooLongError{Chars: n}
	}
	return nil
}
