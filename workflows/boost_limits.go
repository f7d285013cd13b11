package workflows

import (
	"fmt"
	"time"

	"github.com/capacitybot/capacitybot/internal/humanize"
)

// The rules on a boost's times, each checked here and only here: a start
// not in the past, an end after it, and two limits, how long a boost may
// last and how far ahead it may start. The one-line command, the modal, the
// extend paths and the workflow all call these, so a person gets the same
// sentence wherever they asked. The
// sentences name no setting (users can neither see nor change settings);
// RefusalError.Settings carries it for the log.

// CheckBoostStart refuses a start more than a minute in the past (a person
// who picks "now" and takes a moment to submit is not refused).
func CheckBoostStart(start, now time.Time) *RefusalError {
	if start.IsZero() || !start.Before(now.Add(-validateStartGrace)) {
		return nil
	}
	return &RefusalError{Field: FieldStart, Message: fmt.Sprintf("The start time %s is in the past.", humanize.Time(start, now))}
}

// CheckBoostEnd refuses an end in the past or not after the start (a zero
// start is now; a zero end, no automatic revert, is not refused).
func CheckBoostEnd(start, end, now time.Time) *RefusalError {
	if end.IsZero() {
		return nil
	}
	if start.IsZero() {
		start = now
	}
	if !end.After(now) {
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The end time %s is in the past.", humanize.Time(end, now))}
	}
	if !end.After(start) {
		return &RefusalError{Field: FieldEnd, Message: fmt.Sprintf("The end time %s must be after the start time %s.", humanize.Time(end, now), humanize.Time(start, now))}
	}
	return nil
}

// CheckBoostLength refuses a boost from start to end that would last longer
// than max, how long a boost may last (MAX_BOOST_DURATION; 0: no limit).
// A zero end (no automatic revert) is not refused here.
func CheckBoostLength(start, end time.Time, max time.Duration) *RefusalError {
	if max <= 0 || end.IsZero() {
		return nil
	}
	d := end.Sub(start)
	if d <= max {
		return nil
	}
	return &RefusalError{Field: FieldEnd, Settings: "MAX_BOOST_DURATION",
		Message: fmt.Sprintf("A boost may last at most %s; this one would last %s.", humanize.Duration(max), humanize.Duration(d))}
}

// CheckBoostLead refuses a boost that would start more than lead after now,
// how far ahead a boost may be set to start (MAX_BOOST_LEAD; 0: no limit).
// It is a limit of its own, not the length's: a 2h boost starting in ten
// days is legitimate; one waiting for years would hold its namespace's one
// workflow ID all that time.
func CheckBoostLead(start, now time.Time, lead time.Duration) *RefusalError {
	if lead <= 0 || start.IsZero() {
		return nil
	}
	ahead := start.Sub(now)
	if ahead <= lead {
		return nil
	}
	return &RefusalError{Field: FieldStart, Settings: "MAX_BOOST_LEAD",
		Message: fmt.Sprintf("A boost may start at most %s ahead; this one would start in %s (%s).",
			humanize.Duration(lead), humanize.Duration(ahead), humanize.Date(start))}
}
