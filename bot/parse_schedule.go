package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// ScheduleOp is what a schedule command does.
type ScheduleOp string

// Schedule operations. AddReport is "/capacity analyze … every …".
const (
	ScheduleHelp      ScheduleOp = "help"
	ScheduleOpForm    ScheduleOp = "form" // bare "schedule add": the form
	ScheduleAdd       ScheduleOp = "add"
	ScheduleAddReport ScheduleOp = "add-report"
	ScheduleList      ScheduleOp = "list"
	SchedulePause     ScheduleOp = "pause"
	ScheduleResume    ScheduleOp = "resume"
	ScheduleDelete    ScheduleOp = "delete"
)

// ScheduleCommand is the schedule part of a Command (Kind KindSchedule). A
// recurring boost also sets Command.Namespace, TRUs and Reason; a scheduled
// report sets Command.Globs.
type ScheduleCommand struct {
	Op       ScheduleOp
	ID       string // pause, resume, delete
	Days     []time.Weekday
	Start    string // "HH:MM": the boost window's start, or the report's time
	End      string // "HH:MM": the boost window's end
	TimeZone string // IANA name; "" is UTC
}

const (
	scheduleAddUsage    = "/capacity schedule add <namespace> <TRUs> <days> <HH:MM-HH:MM> [time zone] [reason…]"
	scheduleAddExample  = "/capacity schedule add payments 4 weekdays 09:00-17:00 America/New_York business hours"
	scheduleManageUsage = "/capacity schedule <list | pause <id> | resume <id> | delete <id>>"
	reportUsage         = "/capacity analyze [namespace-glob …] every <day|weekday|monday…> <HH:MM> [time zone]"
	reportExample       = "/capacity analyze every monday 09:00 Europe/Paris"
	maxScheduleIDLen    = 200
)

func scheduleErr(format string, args ...any) *UsageError {
	return &UsageError{Message: fmt.Sprintf(format, args...), Usage: scheduleAddUsage + "\n       " + scheduleManageUsage, Example: scheduleAddExample}
}

func reportErr(format string, args ...any) *UsageError {
	return &UsageError{Message: fmt.Sprintf(format, args...), Usage: reportUsage, Example: reportExample}
}

// parseSchedule reads "/capacity schedule …".
func parseSchedule(text string, args []token) (Command, error) {
	c := Command{Kind: KindSchedule}
	if len(args) == 0 {
		c.Schedule.Op = ScheduleHelp
		return c, nil
	}
	op := strings.ToLower(args[0].text)
	args = args[1:]
	switch op {
	case "help":
		c.Schedule.Op = ScheduleHelp
		return c, nil
	case "list", "ls":
		if len(args) != 0 {
			return Command{}, scheduleErr("schedule list takes no arguments.")
		}
		c.Schedule.Op = ScheduleList
		return c, nil
	case "pause", "resume", "unpause", "delete", "remove", "rm":
		if len(args) != 1 {
			return Command{}, scheduleErr("schedule %s needs exactly one schedule ID (see /capacity schedule list).", op)
		}
		id := args[0].text
		if len(id) > maxScheduleIDLen || !capacity.IsScheduleID(id) || strings.ContainsAny(id, "<>@!") {
			return Command{}, scheduleErr("%q is not the ID of a schedule of this bot; IDs start with %q (see /capacity schedule list).", humanize.Clip(id, 60), capacity.ScheduleIDPrefix)
		}
		c.Schedule.ID = id
		switch op {
		case "pause":
			c.Schedule.Op = SchedulePause
		case "resume", "unpause":
			c.Schedule.Op = ScheduleResume
		default:
			c.Schedule.Op = ScheduleDelete
		}
		return c, nil
	case "add", "create", "new":
		return parseScheduleAdd(text, args)
	default:
		return Command{}, scheduleErr("Unknown schedule command %q: use add, list, pause, resume or delete.", humanize.Clip(op, 40))
	}
}

func parseScheduleAdd(text string, args []token) (Command, error) {
	c := Command{Kind: KindSchedule, Schedule: ScheduleCommand{Op: ScheduleAdd}}
	if len(args) == 0 {
		c.Schedule.Op = ScheduleOpForm
		return c, nil
	}
	if len(args) < 4 {
		return Command{}, scheduleErr("schedule add needs a namespace, TRUs, days and a time window.")
	}
	ns, err := parseNamespace(KindSchedule, args[0].text)
	if err != nil {
		return Command{}, scheduleErr("%s", err.(*UsageError).Message)
	}
	c.Namespace = ns
	trus, _, err := parseTRUs(args[1].text)
	if err != nil {
		return Command{}, scheduleErr("%s", err.(*UsageError).Message)
	}
	c.TRUs = trus
	days, err := parseDays(args[2].text)
	if err != nil {
		return Command{}, scheduleErr("%s", err.Error())
	}
	c.Schedule.Days = days
	start, end, ok := strings.Cut(args[3].text, "-")
	if !ok {
		return Command{}, scheduleErr("%q is not a time window: use HH:MM-HH:MM, such as 09:00-17:00.", humanize.Clip(args[3].text, 40))
	}
	if _, _, err := capacity.ParseClock(start); err != nil {
		return Command{}, scheduleErr("The window's start %s.", err.Error())
	}
	if _, _, err := capacity.ParseClock(end); err != nil {
		return Command{}, scheduleErr("The window's end %s.", err.Error())
	}
	if start == end {
		return Command{}, scheduleErr("The window %s starts and ends at the same time.", args[3].text)
	}
	c.Schedule.Start, c.Schedule.End = start, end
	rest := args[4:]
	if len(rest) > 0 {
		zone, isZone, err := parseZone(rest[0].text)
		if err != nil {
			return Command{}, scheduleErr("%s", err.Error())
		}
		if isZone {
			c.Schedule.TimeZone = zone
			rest = rest[1:]
		}
	}
	if len(rest) > 0 {
		reason, err := parseReason(text[rest[0].start:])
		if err != nil {
			return Command{}, scheduleErr("%s", err.(*UsageError).Message)
		}
		c.Reason = reason
	}
	return c, nil
}

// parseReport reads the "every <days> <HH:MM> [zone]" that follows an
// analyze's globs.
func parseReport(globs []string, args []token) (Command, error) {
	c := Command{Kind: KindSchedule, Globs: globs, Schedule: ScheduleCommand{Op: ScheduleAddReport}}
	if len(args) < 2 || len(args) > 3 {
		return Command{}, reportErr("\"every\" needs the days and a time, and optionally a time zone.")
	}
	days, err := parseDays(args[0].text)
	if err != nil {
		return Command{}, reportErr("%s", err.Error())
	}
	if _, _, err := capacity.ParseClock(args[1].text); err != nil {
		return Command{}, reportErr("The report time %s.", err.Error())
	}
	c.Schedule.Days, c.Schedule.Start = days, args[1].text
	if len(args) == 3 {
		zone, isZone, err := parseZone(args[2].text)
		if err != nil {
			return Command{}, reportErr("%s", err.Error())
		}
		if !isZone {
			return Command{}, reportErr("%q is not a time zone: use an IANA name such as Europe/Paris, or UTC.", humanize.Clip(args[2].text, 40))
		}
		c.Schedule.TimeZone = zone
	}
	return c, nil
}

// parseZone reads an IANA time zone name. A word without '/' that is not
// UTC is not a zone (it starts the reason); a word with '/' that is not a
// known zone is an error.
func parseZone(s string) (zone string, isZone bool, err error) {
	if strings.EqualFold(s, "utc") || strings.EqualFold(s, "gmt") {
		return "UTC", true, nil
	}
	if !strings.Contains(s, "/") {
		return "", false, nil
	}
	if len(s) > 64 || strings.ContainsAny(s, "<>@!.\\ ") {
		return "", false, fmt.Errorf("%q is not a time zone: use an IANA name such as Europe/Paris", humanize.Clip(s, 40))
	}
	if _, err := time.LoadLocation(s); err != nil {
		return "", false, fmt.Errorf("%q is not a known time zone: use an IANA name such as America/New_York or Europe/Paris", humanize.Clip(s, 40))
	}
	return s, true, nil
}

var dayNames = map[string]time.Weekday{
	"sun": time.Sunday, "sunday": time.Sunday, "sundays": time.Sunday,
	"mon": time.Monday, "monday": time.Monday, "mondays": time.Monday,
	"tue": time.Tuesday, "tues": time.Tuesday, "tuesday": time.Tuesday, "tuesdays": time.Tuesday,
	"wed": time.Wednesday, "wednesday": time.Wednesday, "wednesdays": time.Wednesday,
	"thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday, "thursday": time.Thursday, "thursdays": time.Thursday,
	"fri": time.Friday, "friday": time.Friday, "fridays": time.Friday,
	"sat": time.Saturday, "saturday": time.Saturday, "saturdays": time.Saturday,
}

// parseDays reads "weekdays", "weekends", "daily", a day ("monday"), a list
// ("mon,wed,fri") or a range ("mon-thu"). The result is sorted, Sunday first.
func parseDays(s string) ([]time.Weekday, error) {
	lower := strings.ToLower(s)
	switch lower {
	case "day", "daily", "everyday", "every-day", "days":
		return []time.Weekday{0, 1, 2, 3, 4, 5, 6}, nil
	case "weekday", "weekdays", "workdays":
		return []time.Weekday{1, 2, 3, 4, 5}, nil
	case "weekend", "weekends":
		return []time.Weekday{0, 6}, nil
	}
	var out []time.Weekday
	for part := range strings.SplitSeq(lower, ",") {
		from, to, isRange := strings.Cut(part, "-")
		a, ok := dayNames[from]
		if !ok {
			return nil, fmt.Errorf("%q is not a day: use weekdays, weekends, daily, a day such as monday, a list such as mon,wed,fri or a range such as mon-thu", humanize.Clip(s, 40))
		}
		if !isRange {
			out = append(out, a)
			continue
		}
		b, ok := dayNames[to]
		if !ok {
			return nil, fmt.Errorf("%q is not a day range such as mon-fri", humanize.Clip(part, 40))
		}
		for d := a; ; d = (d + 1) % 7 {
			out = append(out, d)
			if d == b {
				break
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
