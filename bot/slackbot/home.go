package slackbot

import (
	"fmt"
	"strings"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// ActionHomeAnalyze is the Home tab's button that runs a new analysis.
const ActionHomeAnalyze = "home_analyze"

// maxHomeBoosts bounds the boosts listed on the Home (two blocks each, well
// within a view's 100 blocks); /capacity status lists them all.
const maxHomeBoosts = 30

// HomeViewOptions is what decides how one user's Home looks.
type HomeViewOptions struct {
	// MayChange shows the Extend and Revert buttons (the authorizer's
	// ChangeDenial is nil for the user).
	MayChange bool
	// OutOfScope are the namespaces whose boosts the user may not change
	// (BOOST_SCOPES): their buttons are left out even when MayChange.
	OutOfScope map[string]bool
	// Notice is the outcome of the user's last click on the Home, if any.
	Notice string
	// Price is ACTION_PRICE_PER_MILLION (0: unknown), shown with floors.
	Price float64
}

// HomeView renders the App Home tab: the boosts running now with their
// planned ends (and their buttons for those who may use them), the
// schedules with their next run, the last report's summary with a button to
// run a new one, and the SIMULATED marker on the simulated account.
func HomeView(h bot.Home, v HomeViewOptions) slack.HomeTabViewRequest {
	title := "Capacity Bot"
	if h.Simulated {
		title += " (SIMULATED)"
	}
	blocks := []slack.Block{header("home_head", title)}
	var notes []string
	if h.Simulated {
		notes = append(notes, simulatedNote)
	}
	notes = append(notes, "Updated "+slackDate(h.At))
	blocks = append(blocks, contextText("home_notes", notes...))
	if v.Notice != "" {
		blocks = append(blocks, section("home_notice", escape(humanize.Clip(v.Notice, 2000))))
	}
	for i, p := range h.Problems {
		blocks = append(blocks, contextText(fmt.Sprintf("home_problem_%d", i), ":warning: "+escape(p)))
	}
	blocks = append(blocks, homeBoosts(h.Boosts, v)...)
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, homeSchedules(h.Schedules)...)
	blocks = append(blocks, slack.NewDividerBlock())
	blocks = append(blocks, homeReport(h.Report)...)
	if h.Month != nil {
		blocks = append(blocks, slack.NewDividerBlock(), section("home_month",
			":receipt: "+escape(bot.MonthText(*h.Month, h.Price))+". `/capacity history` lists them."))
	}
	return slack.HomeTabViewRequest{Type: slack.VTHomeTab, Blocks: slack.Blocks{BlockSet: blocks}}
}

func homeBoosts(boosts []workflows.BoostStatus, v HomeViewOptions) []slack.Block {
	n := len(boosts)
	blocks := []slack.Block{header("home_boosts_head", fmt.Sprintf(":rocket: %d %s running", n, humanize.Plural(n, "boost", "boosts")))}
	if n == 0 {
		return append(blocks, section("home_boosts_none", "No boost is running. Start one with `/capacity boost`."))
	}
	for i, st := range boosts {
		if i == maxHomeBoosts {
			more := n - maxHomeBoosts
			blocks = append(blocks, contextText("home_boosts_more",
				fmt.Sprintf("…and %d more; `/capacity status` lists them all.", more)))
			break
		}
		blocks = append(blocks, section(fmt.Sprintf("home_boost_%d", i), homeBoostText(st, v.Price)))
		if v.MayChange && !v.OutOfScope[st.Request.Namespace] && changeable(st) {
			blocks = append(blocks, boostButtons(fmt.Sprintf("home_boost_actions_%d", i), st.Request.Namespace))
		}
	}
	return blocks
}

// homeBoostText is one running boost: namespace and phase, from → to, its
// planned end, who asked and why.
func homeBoostText(st workflows.BoostStatus, price float64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s *%s*: %s", emojiFor(st.Phase), escape(st.Request.Namespace), bot.PhaseWords(st))
	if st.DryRun {
		b.WriteString(" (dry run)")
	}
	target := st.Target
	if target.Mode == "" {
		target = clients.Provisioned(st.Request.TRUs)
	}
	if st.Before.Mode != "" {
		fmt.Fprintf(&b, "\n%s → *%s*", st.Before, target)
	} else {
		fmt.Fprintf(&b, "\n→ *%s*", target)
	}
	end := st.End
	if end.IsZero() {
		end = st.Request.End
	}
	switch {
	case st.Phase == workflows.PhaseActive: // its phase words say until when
	case end.IsZero():
		b.WriteString(" · no automatic revert")
	default:
		b.WriteString(" · ends " + slackDate(end))
	}
	if st.MinActionsPerHour > 0 {
		b.WriteString(" · floor " + capacity.FormatFloor(st.MinActionsPerHour, price))
	}
	fmt.Fprintf(&b, "\nRequested by %s", user(st.Request.Requester))
	if r := strings.TrimSpace(st.Request.Reason); r != "" {
		b.WriteString(": " + escape(humanize.Clip(r, capacity.MaxReasonChars)))
	}
	if st.Error != "" {
		b.WriteString("\n:x: " + escape(humanize.Clip(st.Error, 500)))
	}
	return b.String()
}

func homeSchedules(list []bot.ScheduleInfo) []slack.Block {
	n := len(list)
	blocks := []slack.Block{header("home_schedules_head", fmt.Sprintf(":calendar: %d %s", n, humanize.Plural(n, "schedule", "schedules")))}
	if n == 0 {
		return append(blocks, section("home_schedules_none", "No recurring boosts or scheduled reports. Add one with `/capacity schedule add`."))
	}
	var b strings.Builder
	for _, s := range list {
		fmt.Fprintf(&b, "• %s · `%s`", escapeSchedule(bot.DescribeSchedule(s)), escape(s.ID))
		switch {
		case s.Paused:
			b.WriteString(" · paused")
		case !s.Next.IsZero():
			b.WriteString(" · next run " + slackDate(s.Next))
		}
		b.WriteString("\n")
	}
	return append(blocks, sections("home_schedules", strings.TrimSuffix(b.String(), "\n"), 10)...)
}

// escapeSchedule escapes a schedule's description but keeps its channel
// mention, which DescribeSchedule writes as Slack's <#C…> link.
func escapeSchedule(s string) string {
	i := strings.Index(s, "<#")
	if i < 0 {
		return escape(s)
	}
	return escape(s[:i]) + s[i:]
}

func homeReport(r *workflows.AnalysisReport) []slack.Block {
	blocks := []slack.Block{header("home_report_head", ":bar_chart: Last analysis")}
	if r == nil {
		blocks = append(blocks, section("home_report_none", "No analysis has run yet."))
	} else {
		text := reportSummary(*r)
		if !r.GeneratedAt.IsZero() {
			text += "\nGenerated " + slackDate(r.GeneratedAt)
		}
		if n := len(r.Warnings); n > 0 {
			text += fmt.Sprintf("\n:warning: %d %s", n, humanize.Plural(n, "warning", "warnings"))
		}
		blocks = append(blocks, section("home_report", text))
	}
	run := slack.NewButtonBlockElement(ActionHomeAnalyze, "all", plain("Run a new analysis"))
	return append(blocks,
		slack.NewActionBlock("home_report_actions", run),
		contextText("home_report_note", "The report is posted in your messages with the bot."))
}
