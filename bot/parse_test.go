package bot

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

var parseNow = time.Date(2026, 11, 26, 18, 0, 0, 0, time.UTC)

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		text string
		want Command
	}{
		{"", Command{Kind: KindHelp}},
		{"   ", Command{Kind: KindHelp}},
		{"help", Command{Kind: KindHelp}},
		{"HELP", Command{Kind: KindHelp}},
		{"analyze", Command{Kind: KindAnalyze}},
		{"Analyze payments-* Orders.demo42", Command{Kind: KindAnalyze, Globs: []string{"payments-*", "orders.demo42"}}},
		{"analyse pay?ents [a-c]*", Command{Kind: KindAnalyze, Globs: []string{"pay?ents", "[a-c]*"}}},
		{"boost", Command{Kind: KindBoost, Modal: true}},
		{"BOOST", Command{Kind: KindBoost, Modal: true}},
		{"boost payments 4", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4}},
		{"boost Payments.Demo42 2.5", Command{Kind: KindBoost, Namespace: "payments.demo42", TRUs: 2.5}},
		{"boost payments 4 TRUs for 2h", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, For: 2 * time.Hour}},
		{"boost payments 4trus for 90m", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, For: 90 * time.Minute}},
		{"boost payments 4 for 2h30m Black Friday  launch", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, For: 150 * time.Minute, Reason: "Black Friday  launch"}},
		{"boost payments 4 FOR 1d", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, For: 24 * time.Hour}},
		{"boost payments 4 for 1d12h", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, For: 36 * time.Hour}},
		{"boost payments 4 2h launch", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, For: 2 * time.Hour, Reason: "launch"}},
		{"boost payments 4 launch day", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Reason: "launch day"}},
		// The limit counts characters as Slack's max_length does: 500 "é"
		// (1000 bytes) fit; they were refused when bytes were counted.
		{"boost payments 4 " + strings.Repeat("é", 500), Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Reason: strings.Repeat("é", 500)}},
		{"boost payments 4 until 20:30", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Until: time.Date(2026, 11, 26, 20, 30, 0, 0, time.UTC)}},
		{"boost payments 4 until 09:15 early", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Until: time.Date(2026, 11, 27, 9, 15, 0, 0, time.UTC), Reason: "early"}},
		{"boost payments 4 until 18:00", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Until: time.Date(2026, 11, 27, 18, 0, 0, 0, time.UTC)}},
		{"boost payments 4 until 2026-11-27 15:04 sale", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Until: time.Date(2026, 11, 27, 15, 4, 0, 0, time.UTC), Reason: "sale"}},
		// The parser sets no limit on a boost's length: the policy does, once.
		{"boost payments 4 for 100h", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, For: 100 * time.Hour}},
		{"boost payments 4 until 2030-01-01 10:00", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Until: time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC)}},
		{"boost payments 4 until 2026-11-27T15:04", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Until: time.Date(2026, 11, 27, 15, 4, 0, 0, time.UTC)}},
		{"boost payments 4 until 2026-11-27T15:04:00+01:00", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Until: time.Date(2026, 11, 27, 14, 4, 0, 0, time.UTC)}},
		{"boost <http://payments.demo42|payments.demo42> 4", Command{Kind: KindBoost, Namespace: "payments.demo42", TRUs: 4}},
		{"boost payments 4 launch of <@U123>", Command{Kind: KindBoost, Namespace: "payments", TRUs: 4, Reason: "launch of <@U123>"}},
		{"status", Command{Kind: KindStatus}},
		{"status payments", Command{Kind: KindStatus, Namespace: "payments"}},
		{"extend payments 1h", Command{Kind: KindExtend, Namespace: "payments", Duration: time.Hour}},
		{"extend payments by 30m", Command{Kind: KindExtend, Namespace: "payments", Duration: 30 * time.Minute}},
		{"Revert payments.demo42", Command{Kind: KindRevert, Namespace: "payments.demo42"}},
		{"revert payments ANYWAY", Command{Kind: KindRevert, Namespace: "payments", Anyway: true}},
		{"leave Payments.demo42", Command{Kind: KindLeave, Namespace: "payments.demo42"}},
		{"schedule create payments 4 daily 22:00-06:00", Command{Kind: KindSchedule, Namespace: "payments", TRUs: 4,
			Schedule: ScheduleCommand{Op: ScheduleAdd, Days: []time.Weekday{0, 1, 2, 3, 4, 5, 6}, Start: "22:00", End: "06:00"}}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			got, err := Parse(tt.text, parseNow)
			if err != nil {
				t.Fatalf("Parse(%q) error: %v", tt.text, err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("Parse(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		text    string
		message string // substring of the message
		usage   string // substring of the usage line
	}{
		{"frobnicate", "Unknown command", "/capacity <analyze"},
		{"boost payments", "How many TRUs", "/capacity boost <namespace>"},
		{"boost payments -4", "above 0", "/capacity boost <namespace>"},
		{"boost payments 0", "above 0", "/capacity boost <namespace>"},
		{"boost payments NaN", "not a number", "/capacity boost"},
		{"boost payments Inf", "not a number", "/capacity boost"},
		{"boost payments 1e308", "far more", "/capacity boost"},
		{"boost payments four", "not a number", "/capacity boost"},
		{"boost payments 4 for", "needs a duration", "/capacity boost"},
		{"boost payments 4 for -2h", "not a duration", "/capacity boost"},
		{"boost payments 4 for 0s", "too short", "/capacity boost"},
		{"boost payments 4 for 30s", "too short", "/capacity boost"},
		{"boost payments 4 for 99999d", "too long to count", "/capacity boost"},
		{"boost payments 4 for 999999999h", "too long", "/capacity boost"},
		{"boost payments 4 for soon", "not a duration", "/capacity boost"},
		{"boost payments 4 until", "needs a time", "/capacity boost"},
		{"boost payments 4 until 2020-01-01 10:00", "in the past", "/capacity boost"},
		{"boost payments 4 until 2026-11-26T17:00:00Z", "in the past", "/capacity boost"},
		{"boost payments 4 until 2026-11-27 25:00", "not a time of day", "/capacity boost"},
		{"boost payments 4 until teatime", "not a time", "/capacity boost"},
		{"boost <@U123> 4", "Slack mention", "/capacity boost"},
		{"boost <!channel> 4", "Slack mention", "/capacity boost"},
		{"boost <http://evil.example|payments> 4", "Slack mention or link", "/capacity boost"},
		{"boost pay$ments 4", "not a namespace", "/capacity boost"},
		{"boost -payments 4", "not a namespace", "/capacity boost"},
		{"boost " + strings.Repeat("a", 64) + " 4", "not a namespace", "/capacity boost"},
		{"boost payments 4 launch <!here>", "may not mention", "/capacity boost"},
		{"boost payments 4 launch @channel", "may not mention", "/capacity boost"},
		{"boost payments 4 " + strings.Repeat("x", 501), "keep it to at most 500", "/capacity boost"},
		{"boost payments 4 " + strings.Repeat("é", 501), "is 501 characters long", "/capacity boost"},
		{"status a b", "at most one", "/capacity status"},
		{"status <@U1>", "Slack mention", "/capacity status"},
		{"extend", "Which boost", "/capacity extend"},
		{"extend payments", "exactly one duration", "/capacity extend"},
		{"extend payments 1h 2h", "exactly one duration", "/capacity extend"},
		{"extend payments 0m", "too short", "/capacity extend"},
		{"revert", "exactly one namespace", "/capacity revert"},
		{"revert a b", "exactly one namespace", "/capacity revert"},
		{"revert payments anyway now", "exactly one namespace", "/capacity revert"},
		{"leave", "exactly one namespace", "/capacity leave"},
		{"leave a b", "exactly one namespace", "/capacity leave"},
		{"leave <@U1>", "Slack mention", "/capacity leave"},
		{"analyze <@U1>", "Slack mention", "/capacity analyze"},
		{"analyze pay[", "not a valid glob", "/capacity analyze"},
		{"analyze pay/ments", "not a namespace glob", "/capacity analyze"},
		{"analyze " + strings.Repeat("a ", 51), "At most 50", "/capacity analyze"},
		{strings.Repeat("x", 2001), "limit is 2000", "/capacity help"},
		{"boost \xff 4", "not valid UTF-8", "/capacity help"},
	}
	for _, tt := range tests {
		t.Run(humanize.Clip(tt.text, 60), func(t *testing.T) {
			got, err := Parse(tt.text, parseNow)
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tt.text, got)
			}
			var ue *UsageError
			if !errors.As(err, &ue) {
				t.Fatalf("Parse(%q) error %T, want *UsageError", tt.text, err)
			}
			if !strings.Contains(ue.Message, tt.message) {
				t.Errorf("message %q does not contain %q", ue.Message, tt.message)
			}
			if !strings.Contains(ue.Usage, tt.usage) {
				t.Errorf("usage %q does not contain %q", ue.Usage, tt.usage)
			}
			if ue.Example == "" || !strings.HasPrefix(ue.Example, "/capacity") {
				t.Errorf("example %q is missing", ue.Example)
			}
			if !reflect.DeepEqual(got, Command{}) {
				t.Errorf("a rejected command returned %+v", got)
			}
		})
	}
}

func TestUsageMentionsEveryCommand(t *testing.T) {
	u := Usage()
	for _, k := range []CommandKind{KindAnalyze, KindBoost, KindStatus, KindExtend, KindRevert, KindHelp} {
		if !strings.Contains(u, "/capacity "+string(k)) {
			t.Errorf("usage lacks %s", k)
		}
	}
	if strings.Count(u, "e.g.") != len(helps) {
		t.Errorf("usage should carry one example per line:\n%s", u)
	}
}

func TestUsageErrorText(t *testing.T) {
	err := &UsageError{Message: "m", Usage: "u", Example: "e"}
	if got, want := err.Error(), "m\nUsage: u\nExample: e"; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
}

// checkCommand is the invariant a successfully parsed command must satisfy.
func checkCommand(c Command, now time.Time) string {
	nsOK := func(ns string) bool { return namespacePattern.MatchString(ns) }
	switch c.Kind {
	case KindHelp, KindSchedule:
	case KindAnalyze:
		for _, g := range c.Globs {
			if !globPattern.MatchString(g) {
				return "bad glob " + g
			}
		}
	case KindBoost:
		if c.Modal {
			if c.Namespace != "" || c.TRUs != 0 {
				return "modal boost with arguments"
			}
			return ""
		}
		if !nsOK(c.Namespace) {
			return "boost without a valid namespace"
		}
		if !(c.TRUs > 0) || math.IsInf(c.TRUs, 0) || c.TRUs > maxParseTRUs {
			return "boost with bad TRUs"
		}
		if c.For != 0 && !c.Until.IsZero() {
			return "both for and until"
		}
		if c.For != 0 && (c.For < minDuration || c.For > maxCountable) {
			return "bad for"
		}
		if !c.Until.IsZero() && !c.Until.After(now) {
			return "bad until"
		}
		if capacity.CheckReason(c.Reason) != nil || strings.Contains(strings.ToLower(c.Reason), "<!") {
			return "bad reason"
		}
	case KindStatus:
		if c.Namespace != "" && !nsOK(c.Namespace) {
			return "bad status namespace"
		}
	case KindExtend:
		if !nsOK(c.Namespace) || c.Duration < minDuration || c.Duration > maxCountable {
			return "bad extend"
		}
	case KindRevert:
		if !nsOK(c.Namespace) {
			return "bad revert"
		}
	default:
		return "unknown kind " + string(c.Kind)
	}
	return ""
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "help", "boost", "boost payments 4 for 2h launch", "boost payments.demo42 4 until 20:30",
		"analyze pay*", "status", "extend payments 1h", "revert payments", "boost <@U1> 4"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c, err := Parse(text, parseNow)
		if err != nil {
			var ue *UsageError
			if !errors.As(err, &ue) || ue.Message == "" || ue.Usage == "" || ue.Example == "" {
				t.Fatalf("Parse(%q) error %v is not a complete *UsageError", text, err)
			}
			return
		}
		if why := checkCommand(c, parseNow); why != "" {
			t.Fatalf("Parse(%q) = %+v: %s", text, c, why)
		}
	})
}

func TestParseEnd(t *testing.T) {
	tests := []struct {
		text string
		want time.Time
		err  string
	}{
		{"", time.Time{}, ""},
		{"2h", parseNow.Add(2 * time.Hour), ""},
		{"for 90m", parseNow.Add(90 * time.Minute), ""},
		{"1d", parseNow.Add(24 * time.Hour), ""},
		{"20:15", time.Date(2026, 11, 26, 20, 15, 0, 0, time.UTC), ""},
		{"until 2026-11-27 15:04", time.Date(2026, 11, 27, 15, 4, 0, 0, time.UTC), ""},
		{"2026-11-27T15:04:00Z", time.Date(2026, 11, 27, 15, 4, 0, 0, time.UTC), ""},
		{"for", time.Time{}, "needs one duration"},
		{"until", time.Time{}, "needs a time"},
		{"-2h", time.Time{}, "not a time"},
		{"0m", time.Time{}, "too short"},
		{"2026-11-27 15:04 extra", time.Time{}, "just a duration or a time"},
		{"2020-01-01T00:00:00Z", time.Time{}, "in the past"},
	}
	for _, tt := range tests {
		got, err := ParseEnd(tt.text, parseNow)
		if tt.err != "" {
			var ue *UsageError
			if !errors.As(err, &ue) || !strings.Contains(ue.Message, tt.err) {
				t.Errorf("ParseEnd(%q) error %v, want %q", tt.text, err, tt.err)
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("ParseEnd(%q) = %v, %v; want %v", tt.text, got, err, tt.want)
		}
	}
}

// TestHugeDurationsAreTooLong checks that a well-formed but enormous duration
// is refused as too long, not as something that is not a duration. Anything
// countable parses: how long a boost may last is the policy's limit.
func TestHugeDurationsAreTooLong(t *testing.T) {
	now := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	for _, text := range []string{"extend payments 9999999h", "extend payments 99999999999999999999h", "extend payments 50000d", "boost payments 4 for 40000d"} {
		_, err := Parse(text, now)
		if err == nil || !strings.Contains(err.Error(), "too long") {
			t.Errorf("Parse(%q) = %v, want a 'too long' refusal", text, err)
		}
	}
	for _, text := range []string{"extend payments 32d", "boost payments 4 for 2000d", "boost payments 4 for 100h"} {
		if _, err := Parse(text, now); err != nil {
			t.Errorf("Parse(%q) = %v, want it parsed for the policy to judge", text, err)
		}
	}
	if _, err := Parse("extend payments 9x", now); err == nil || !strings.Contains(err.Error(), "not a duration") {
		t.Errorf("Parse(9x) = %v, want 'not a duration'", err)
	}
}
