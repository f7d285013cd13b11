package bot

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// Parser limits. They are sanity bounds on what a person can mean; the boost
// policy (how many TRUs, how long a boost may last, how far ahead it may
// start) is checked later, once, by workflows.ValidateBoost, so the parser
// sets no limit of its own on a boost's length.
const (
	maxTextLen   = 2000
	maxGlobs     = 50
	maxParseTRUs = 10000
	minDuration  = time.Minute
	// maxCountable bounds a duration so that adding it to a time cannot
	// overflow; beyond it a duration is "too long to count", whatever the
	// policy says.
	maxCountable = 100 * 365 * 24 * time.Hour
)

// namespacePattern is what a namespace argument may look like: a Temporal
// Cloud namespace ID ("name.account") or its bare name, lowercase letters,
// digits, '.', '_' and '-', starting with a letter or digit, at most 63
// characters. Anything else (Slack mentions, links, markup) is refused before
// it can reach a workflow ID or a message.
var namespacePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,62}$`)

// globPattern is what an analyze glob may look like: the namespace characters
// plus the path.Match metacharacters '*', '?', '[', ']' and '^'.
var globPattern = regexp.MustCompile(`^[a-z0-9._*?\[\]^-]{1,64}$`)

// slackLink matches Slack's auto-linking of a token that looks like a domain,
// e.g. "<http://payments.demo42|payments.demo42>", so the namespace inside
// can be recovered.
var slackLink = regexp.MustCompile(`^<(?:https?://)?([^|<>]+)(?:\|([^<>]*))?>$`)

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

type commandHelp struct {
	kind    CommandKind
	usage   string
	example string
	what    string
}

// zoneDefault is how the commands that take a time zone say what they use
// without one.
const zoneDefault = "(time zone default UTC)"

// helps lists the commands in the order Usage shows them.
var helps = []commandHelp{
	{KindAnalyze, "/capacity analyze [namespace-glob …]", "/capacity analyze payments-* orders.demo42",
		"recommend on-demand or provisioned capacity (TRUs) per namespace"},
	{KindBoost, "/capacity boost", "/capacity boost", "open the boost form"},
	{KindBoost, "/capacity boost <namespace> <TRUs> [for <duration> | until <time>] [reason…]",
		"/capacity boost payments 4 for 2h30m Black Friday launch",
		"raise a namespace's capacity, then revert it on time (durations: 90m, 2h30m, 1d; times: 15:04 UTC, 2026-11-27 15:04, RFC 3339)"},
	{KindSet, setUsage, "/capacity set analytics-etl on-demand too big for its load",
		"change a namespace's capacity for good: applied and verified like a boost, never reverted"},
	{KindStatus, "/capacity status [namespace]", "/capacity status payments", "show running boosts; with a namespace, also its capacity now and how its last boost ended"},
	{KindExtend, "/capacity extend <namespace> <duration>", "/capacity extend payments 1h", "push a running boost's end later"},
	{KindRevert, "/capacity revert <namespace> [anyway]", "/capacity revert payments",
		"end a running boost now; \"anyway\" reverts a boost that found its capacity changed outside the bot (Terraform, tcld, the Cloud UI)"},
	{KindLeave, "/capacity leave <namespace>", "/capacity leave payments",
		"keep a capacity changed outside the bot during a boost: the boost ends without reverting it"},
	{KindApprove, "/capacity approve <namespace> [reason…]", "/capacity approve payments launch checked with finance",
		"approve a boost waiting for approval (approvers only, never your own request); one approver is enough"},
	{KindDeny, "/capacity deny <namespace> [reason…]", "/capacity deny payments not this week",
		"deny a boost waiting for approval (approvers only): it ends, changing nothing"},
	{KindSchedule, reportUsage, reportExample, "post the analysis here on a schedule, at local times " + zoneDefault},
	{KindSchedule, "/capacity schedule list", "/capacity schedule list", "list recurring boosts and scheduled reports"},
	{KindSchedule, "/capacity schedule pause|resume|delete <id>", "/capacity schedule pause capacity-schedule-payments-1x2y3z", "pause, resume or delete a schedule"},
	{KindSchedule, scheduleAddUsage, scheduleAddExample, "boost a namespace every week at the same local times " + zoneDefault},
	{KindHistory, historyUsage, "/capacity history payments-* since 7d",
		"list the boosts and permanent changes since then (default 30d), with who asked, TRU-hours, the minimum actions they carried and their cost"},
	{KindCheck, "/capacity check", "/capacity check", "check the settings, Temporal, the Temporal Cloud keys and the Slack app; changes nothing"},
	{KindHelp, "/capacity help", "/capacity help", "show this help"},
}

func helpFor(k CommandKind) commandHelp {
	for i := len(helps) - 1; i >= 0; i-- { // the last entry of a kind is its full form
		if helps[i].kind == k {
			return helps[i]
		}
	}
	return helps[len(helps)-1]
}

func usageErr(k CommandKind, format string, args ...any) *UsageError {
	h := helpFor(k)
	return &UsageError{Message: fmt.Sprintf(format, args...), Usage: h.usage, Example: h.example}
}

// Usage is the help text, with an example for every command.
func Usage() string {
	var b strings.Builder
	b.WriteString("Usage of /capacity:\n")
	for _, h := range helps {
		fmt.Fprintf(&b, "• `%s`: %s\n    e.g. `%s`\n", h.usage, h.what, h.example)
	}
	b.WriteString("Changing commands (boost, set, extend, revert, leave, schedule) and check are for the bot's boost users and groups; approve and deny for its approvers; ask a workspace admin to add you. " +
		"A boost's times are UTC unless they carry an offset (RFC 3339); schedules and scheduled reports take a time zone.")
	return b.String()
}

// token is one whitespace-separated word and where it starts and ends in the
// text, so that the reason can be taken verbatim from the rest of the text.
type token struct {
	text       string
	start, end int
}

func tokenize(s string) []token {
	var out []token
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, token{s[start:i], start, i})
				start = -1
			}
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, token{s[start:], start, len(s)})
	}
	return out
}

// Parse parses what follows "/capacity". Keywords are case-insensitive;
// namespaces are lowercased; times are UTC and now anchors "until 15:04". The
// error is always a *UsageError.
func Parse(text string, now time.Time) (Command, error) {
	if len(text) > maxTextLen {
		return Command{}, &UsageError{Message: fmt.Sprintf("The command is %d characters long; the limit is %d.", len(text), maxTextLen),
			Usage: "/capacity help", Example: "/capacity help"}
	}
	if !utf8.ValidString(text) {
		return Command{}, &UsageError{Message: "The command is not valid UTF-8 text.", Usage: "/capacity help", Example: "/capacity help"}
	}
	toks := tokenize(text)
	if len(toks) == 0 {
		return Command{Kind: KindHelp}, nil
	}
	args := toks[1:]
	switch kw := strings.ToLower(toks[0].text); kw {
	case "help", "-h", "--help", "?":
		return Command{Kind: KindHelp}, nil
	case "analyze", "analyse":
		return parseAnalyze(args)
	case "boost":
		return parseBoost(text, args, now)
	case "set":
		return parseSet(text, args)
	case "status":
		return parseStatus(args)
	case "extend":
		return parseExtend(args)
	case "revert":
		return parseRevert(args)
	case "leave":
		return parseLeave(args)
	case "approve":
		return parseAnswer(text, args, KindApprove)
	case "deny":
		return parseAnswer(text, args, KindDeny)
	case "schedule", "schedules":
		return parseSchedule(text, args)
	case "history":
		return parseHistory(args)
	case "check":
		if len(args) > 0 {
			return Command{}, usageErr(KindCheck, "check takes no arguments.")
		}
		return Command{Kind: KindCheck}, nil
	default:
		return Command{}, &UsageError{
			Message: fmt.Sprintf("Unknown command %q. Commands: %s.", humanize.Clip(toks[0].text, 40), kindList(", ")),
			Usage:   "/capacity <" + kindList("|") + "> …",
			Example: "/capacity help",
		}
	}
}

func parseAnalyze(args []token) (Command, error) {
	if len(args) > maxGlobs {
		return Command{}, usageErr(KindAnalyze, "At most %d namespace globs at once; got %d.", maxGlobs, len(args))
	}
	c := Command{Kind: KindAnalyze}
	for i, a := range args {
		if strings.EqualFold(a.text, "every") {
			return parseReport(c.Globs, args[i+1:])
		}
		g, err := parseGlob(KindAnalyze, a.text)
		if err != nil {
			return Command{}, err
		}
		c.Globs = append(c.Globs, g)
	}
	return c, nil
}

// parseGlob reads one namespace glob (a Slack link around it unwrapped),
// for the commands that take globs.
func parseGlob(k CommandKind, s string) (string, error) {
	g := strings.ToLower(s)
	if strings.HasPrefix(g, "<") {
		if ns, ok := unwrapLink(g); ok {
			g = ns
		} else {
			return "", usageErr(k, "%q looks like a Slack mention or link, not a namespace glob.", humanize.Clip(s, 40))
		}
	}
	if !globPattern.MatchString(g) {
		return "", usageErr(k, "%q is not a namespace glob: use lowercase letters, digits, '.', '_', '-' and the wildcards '*', '?', '[…]' (at most 64 characters).", humanize.Clip(s, 40))
	}
	if err := capacity.CheckGlob(g); err != nil {
		return "", usageErr(k, "%v.", err)
	}
	return g, nil
}

func parseBoost(text string, args []token, now time.Time) (Command, error) {
	c := Command{Kind: KindBoost}
	if len(args) == 0 {
		c.Modal = true
		return c, nil
	}
	ns, err := parseNamespace(KindBoost, args[0].text)
	if err != nil {
		return Command{}, err
	}
	c.Namespace = ns
	if len(args) < 2 {
		return Command{}, usageErr(KindBoost, "How many TRUs should %s get? Give a number after the namespace.", ns)
	}
	trus, rest, err := parseTRUs(args[1].text)
	if err != nil {
		return Command{}, err
	}
	c.TRUs = trus
	args = args[2:]
	// "4 TRUs" and "4TRUs": the unit is optional.
	if rest == "" && len(args) > 0 && isTRUUnit(args[0].text) {
		args = args[1:]
	}
	if len(args) > 0 {
		switch strings.ToLower(args[0].text) {
		case "for":
			if len(args) < 2 {
				return Command{}, usageErr(KindBoost, "\"for\" needs a duration, such as 2h or 90m.")
			}
			d, err := parseDuration(KindBoost, args[1].text)
			if err != nil {
				return Command{}, err
			}
			c.For = d
			args = args[2:]
		case "until":
			if len(args) < 2 {
				return Command{}, usageErr(KindBoost, "\"until\" needs a time, such as 18:00 (UTC) or 2026-11-27 18:00.")
			}
			t, used, err := parseUntil(args[1:], now)
			if err != nil {
				return Command{}, err
			}
			c.Until = t
			args = args[1+used:]
		default:
			// A bare duration right after the TRUs is read as "for": it is
			// what "boost payments 4 2h" means.
			if d, err := parseDuration(KindBoost, args[0].text); err == nil && looksLikeDuration(args[0].text) {
				c.For = d
				args = args[1:]
			}
		}
	}
	if len(args) > 0 {
		reason, err := parseReason(text[args[0].start:])
		if err != nil {
			return Command{}, err
		}
		c.Reason = reason
	}
	return c, nil
}

// setUsage is the usage line of /capacity set.
const setUsage = "/capacity set <namespace> <TRUs|on-demand> [reason…]"

// onDemandWord is how a command asks for on-demand capacity.
const onDemandWord = "on-demand"

// parseSet reads a permanent change: a namespace, TRUs or on-demand, and a
// reason. It takes no duration: nothing reverts a permanent change.
func parseSet(text string, args []token) (Command, error) {
	if len(args) == 0 {
		return Command{}, usageErr(KindSet, "Which namespace? Name it and the capacity it should keep.")
	}
	ns, err := parseNamespace(KindSet, args[0].text)
	if err != nil {
		return Command{}, err
	}
	c := Command{Kind: KindSet, Namespace: ns}
	if len(args) < 2 {
		return Command{}, usageErr(KindSet, "What should %s keep? Give a number of TRUs or %s after the namespace.", ns, onDemandWord)
	}
	args = args[1:]
	if w := strings.ToLower(args[0].text); w == onDemandWord || w == "ondemand" {
		c.OnDemand = true
		args = args[1:]
	} else {
		trus, rest, err := parseTRUs(args[0].text)
		if err != nil {
			return Command{}, asSetUsage(err)
		}
		c.TRUs = trus
		args = args[1:]
		if rest == "" && len(args) > 0 && isTRUUnit(args[0].text) {
			args = args[1:]
		}
	}
	if len(args) > 0 {
		if w := strings.ToLower(args[0].text); w == "for" || w == "until" {
			return Command{}, usageErr(KindSet, "A permanent change has no end; for a change that reverts, use /capacity boost.")
		}
		reason, err := parseReason(text[args[0].start:])
		if err != nil {
			return Command{}, asSetUsage(err)
		}
		c.Reason = reason
	}
	return c, nil
}

// asSetUsage gives a usage error of a part set shares with boost (the
// TRUs, the reason) set's own usage line.
func asSetUsage(err error) error {
	var ue *UsageError
	if errors.As(err, &ue) {
		return usageErr(KindSet, "%s", ue.Message)
	}
	return err
}

func parseStatus(args []token) (Command, error) {
	c := Command{Kind: KindStatus}
	switch len(args) {
	case 0:
		return c, nil
	case 1:
		ns, err := parseNamespace(KindStatus, args[0].text)
		if err != nil {
			return Command{}, err
		}
		c.Namespace = ns
		return c, nil
	default:
		return Command{}, usageErr(KindStatus, "status takes at most one namespace.")
	}
}

func parseExtend(args []token) (Command, error) {
	if len(args) == 0 {
		return Command{}, usageErr(KindExtend, "Which boost? Name the namespace and how much longer.")
	}
	ns, err := parseNamespace(KindExtend, args[0].text)
	if err != nil {
		return Command{}, err
	}
	args = args[1:]
	if len(args) > 0 {
		if w := strings.ToLower(args[0].text); w == "by" || w == "for" {
			args = args[1:]
		}
	}
	if len(args) != 1 {
		return Command{}, usageErr(KindExtend, "extend needs exactly one duration after the namespace, such as 1h or 30m.")
	}
	d, err := parseDuration(KindExtend, args[0].text)
	if err != nil {
		return Command{}, err
	}
	return Command{Kind: KindExtend, Namespace: ns, Duration: d}, nil
}

// parseRevert reads "revert <namespace>" and "revert <namespace> anyway".
func parseRevert(args []token) (Command, error) {
	anyway := len(args) == 2 && strings.EqualFold(args[1].text, "anyway")
	if len(args) != 1 && !anyway {
		return Command{}, usageErr(KindRevert, "revert needs exactly one namespace, and then optionally \"anyway\".")
	}
	ns, err := parseNamespace(KindRevert, args[0].text)
	if err != nil {
		return Command{}, err
	}
	return Command{Kind: KindRevert, Namespace: ns, Anyway: anyway}, nil
}

func parseLeave(args []token) (Command, error) {
	if len(args) != 1 {
		return Command{}, usageErr(KindLeave, "leave needs exactly one namespace.")
	}
	ns, err := parseNamespace(KindLeave, args[0].text)
	if err != nil {
		return Command{}, err
	}
	return Command{Kind: KindLeave, Namespace: ns}, nil
}

// parseAnswer reads "approve <namespace> [reason…]" and "deny …"; the
// reason is taken verbatim.
func parseAnswer(text string, args []token, k CommandKind) (Command, error) {
	if len(args) == 0 {
		return Command{}, usageErr(k, "%s needs the namespace of the boost waiting for approval.", k)
	}
	ns, err := parseNamespace(k, args[0].text)
	if err != nil {
		return Command{}, err
	}
	c := Command{Kind: k, Namespace: ns}
	if len(args) > 1 {
		reason, err := parseReason(text[args[1].start:])
		var ue *UsageError
		if errors.As(err, &ue) {
			return Command{}, usageErr(k, "%s", ue.Message)
		}
		c.Reason = reason
	}
	return c, nil
}

// parseNamespace lowercases and checks a namespace argument. A Slack
// auto-link of a namespace ("<http://a.b|a.b>") is unwrapped; mentions,
// broadcasts and any other markup are refused.
func parseNamespace(k CommandKind, s string) (string, error) {
	ns := strings.ToLower(s)
	if strings.HasPrefix(ns, "<") {
		u, ok := unwrapLink(ns)
		if !ok {
			return "", usageErr(k, "%q looks like a Slack mention or link, not a namespace.", humanize.Clip(s, 40))
		}
		ns = u
	}
	if !namespacePattern.MatchString(ns) {
		return "", usageErr(k, "%q is not a namespace: use lowercase letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters.", humanize.Clip(s, 40))
	}
	return ns, nil
}

// unwrapLink recovers the namespace from Slack's auto-link of a domain-like
// word. It refuses mentions (<@U…>, <#C…>, <!here>) and links whose label
// differs from their target.
func unwrapLink(s string) (string, bool) {
	if strings.HasPrefix(s, "<@") || strings.HasPrefix(s, "<#") || strings.HasPrefix(s, "<!") {
		return "", false
	}
	m := slackLink.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	target, label := m[1], m[2]
	if label != "" && label != target {
		return "", false
	}
	if !namespacePattern.MatchString(target) {
		return "", false
	}
	return target, true
}

func isTRUUnit(s string) bool {
	switch strings.ToLower(s) {
	case "tru", "trus":
		return true
	}
	return false
}

// parseTRUs reads a TRU count such as "4", "2.5" or "4TRUs". rest is the
// unit suffix that was stripped, if any.
func parseTRUs(s string) (float64, string, error) {
	num, rest := s, ""
	lower := strings.ToLower(s)
	for _, unit := range []string{"trus", "tru"} {
		if strings.HasSuffix(lower, unit) && len(lower) > len(unit) {
			num, rest = s[:len(s)-len(unit)], unit
			break
		}
	}
	n, err := strconv.ParseFloat(num, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, "", usageErr(KindBoost, "%q is not a number of TRUs.", humanize.Clip(s, 40))
	}
	if n <= 0 {
		return 0, "", usageErr(KindBoost, "The number of TRUs must be above 0, got %s.", num)
	}
	if n > maxParseTRUs {
		return 0, "", usageErr(KindBoost, "%s TRUs is far more than any namespace can have.", humanize.Clip(num, 40))
	}
	return n, rest, nil
}

// looksLikeDuration keeps a bare word such as "2h" from being read as a
// duration when it could be the start of a reason: it must start with a
// digit.
func looksLikeDuration(s string) bool {
	return s != "" && s[0] >= '0' && s[0] <= '9'
}

// parseDuration reads Go durations ("90m", "2h30m", "1.5h") plus days ("1d",
// "1d12h"), of at least a minute. How long is too long is the policy's to
// say (workflows.CheckBoostLength), not the parser's.
func parseDuration(k CommandKind, s string) (time.Duration, error) {
	d, ok := parseDurationValue(strings.ToLower(s))
	if !ok {
		return 0, usageErr(k, "%q is not a duration: use forms like 90m, 2h30m or 1d.", humanize.Clip(s, 40))
	}
	if d < minDuration {
		return 0, usageErr(k, "The duration %s is too short; give at least 1m.", humanize.Clip(s, 40))
	}
	if d > maxCountable {
		return 0, usageErr(k, "The duration %s is too long to count.", humanize.Clip(s, 40))
	}
	return d, nil
}

func parseDurationValue(s string) (time.Duration, bool) {
	if s == "" || s[0] == '-' || s[0] == '+' {
		return 0, false
	}
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i >= 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil && durationShape.MatchString(s) {
			return tooLong, true // a well-formed duration too big to count
		}
		if err != nil || n < 0 {
			return 0, false
		}
		if time.Duration(n) > maxCountable/(24*time.Hour) {
			return tooLong, true
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			return days, true
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil && durationShape.MatchString(s) {
		return tooLong, true // well formed, but overflows a time.Duration
	}
	if err != nil || d < 0 {
		return 0, false
	}
	if d > maxCountable { // bounded so days+d cannot overflow
		return tooLong, true
	}
	return days + d, true
}

// tooLong stands for a well-formed duration too long to count, so that
// "9999999h" is answered "too long" rather than "not a duration".
const tooLong = maxCountable + time.Hour

// durationShape matches what looks like a duration (1d, 90m, 2h30m, 1.5h).
var durationShape = regexp.MustCompile(`^(\d+(\.\d+)?(d|h|m|s|ms|us|µs|ns))+$`)

// parseUntil reads an end time from the words after "until": "15:04" (UTC,
// today or tomorrow if already past), "2026-11-27 15:04" (two words),
// "2026-11-27T15:04" or RFC 3339. It returns how many words it used.
func parseUntil(args []token, now time.Time) (time.Time, int, error) {
	now = now.UTC()
	first := args[0].text
	var t time.Time
	used := 1
	if hm, err := time.Parse("15:04", first); err == nil {
		t = time.Date(now.Year(), now.Month(), now.Day(), hm.Hour(), hm.Minute(), 0, 0, time.UTC)
		if !t.After(now) {
			t = t.AddDate(0, 0, 1)
		}
	} else if d, err := time.Parse("2006-01-02", first); err == nil && len(args) > 1 {
		hm, err := time.Parse("15:04", args[1].text)
		if err != nil {
			return time.Time{}, 0, usageErr(KindBoost, "%q is not a time of day; use 24-hour HH:MM, such as 18:00.", humanize.Clip(args[1].text, 40))
		}
		t = time.Date(d.Year(), d.Month(), d.Day(), hm.Hour(), hm.Minute(), 0, 0, time.UTC)
		used = 2
	} else if v, err := time.Parse("2006-01-02T15:04", first); err == nil {
		t = v
	} else if v, err := time.Parse(time.RFC3339, first); err == nil {
		t = v.UTC()
	} else {
		return time.Time{}, 0, usageErr(KindBoost, "%q is not a time: use 18:00 (UTC), 2026-11-27 18:00 or RFC 3339.", humanize.Clip(first, 40))
	}
	if !t.After(now) {
		return time.Time{}, 0, usageErr(KindBoost, "The end time %s is in the past (it is now %s UTC).", t.Format("2006-01-02 15:04"), now.Format("2006-01-02 15:04"))
	}
	if t.Sub(now) < minDuration {
		return time.Time{}, 0, usageErr(KindBoost, "The end time %s is less than a minute away.", t.Format("2006-01-02 15:04:05"))
	}
	return t, used, nil
}

// parseReason takes the rest of the text as the reason. Broadcast mentions
// (<!channel>, <!here>, <!everyone>) and control characters are refused so a
// reason cannot page a whole channel when it is echoed in the boost thread.
func parseReason(s string) (string, error) {
	s = strings.TrimSpace(s)
	if err := capacity.CheckReason(s); err != nil {
		return "", usageErr(KindBoost, "%s", err.Error())
	}
	lower := strings.ToLower(s)
	for _, b := range []string{"<!channel", "<!here", "<!everyone", "<!subteam", "@channel", "@here", "@everyone"} {
		if strings.Contains(lower, b) {
			return "", usageErr(KindBoost, "The reason may not mention %s.", strings.TrimPrefix(b, "<!"))
		}
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return "", usageErr(KindBoost, "The reason contains a control character.")
		}
	}
	return s, nil
}

// ParseEnd reads a boost's end as a form or prompt gives it: a duration
// ("2h", "for 90m"), a time ("18:00", "until 2026-11-27 15:04", RFC 3339),
// or nothing (zero time: the caller applies its default). The error is a
// *UsageError.
func ParseEnd(text string, now time.Time) (time.Time, error) {
	toks := tokenize(text)
	if len(toks) == 0 {
		return time.Time{}, nil
	}
	switch strings.ToLower(toks[0].text) {
	case "for":
		toks = toks[1:]
		if len(toks) != 1 {
			return time.Time{}, usageErr(KindBoost, "\"for\" needs one duration, such as 2h or 90m.")
		}
		d, err := parseDuration(KindBoost, toks[0].text)
		if err != nil {
			return time.Time{}, err
		}
		return now.Add(d), nil
	case "until":
		toks = toks[1:]
		if len(toks) == 0 {
			return time.Time{}, usageErr(KindBoost, "\"until\" needs a time, such as 18:00 (UTC) or 2026-11-27 18:00.")
		}
	}
	if len(toks) == 1 && looksLikeDuration(toks[0].text) && !strings.Contains(toks[0].text, ":") && !strings.Contains(toks[0].text, "-") {
		d, err := parseDuration(KindBoost, toks[0].text)
		if err != nil {
			return time.Time{}, err
		}
		return now.Add(d), nil
	}
	t, used, err := parseUntil(toks, now)
	if err != nil {
		return time.Time{}, err
	}
	if used != len(toks) {
		return time.Time{}, usageErr(KindBoost, "Give just a duration or a time, not %q.", humanize.Clip(text, 40))
	}
	return t, nil
}

// kindList joins the sub-commands' names with sep.
func kindList(sep string) string {
	names := make([]string, 0, len(Kinds()))
	for _, k := range Kinds() {
		names = append(names, string(k))
	}
	return strings.Join(names, sep)
}
