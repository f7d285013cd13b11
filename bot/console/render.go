package console

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// The console renders what Slack would show as plain text lines. The
// functions here are pure so they can be checked against golden files.

// renderRoot renders a boost's root message on one line.
func renderRoot(st workflows.BoostStatus, edited bool) string {
	var b strings.Builder
	b.WriteString("┌ [root")
	if edited {
		b.WriteString(" updated")
	}
	b.WriteString("] ")
	b.WriteString(bot.SimulatedMarker(st.Simulated))
	if st.DryRun || st.Request.DryRun {
		b.WriteString("[DRY RUN] ")
	}
	req := st.Request
	target := st.Target
	if target.Mode == "" {
		target = req.Target()
	}
	b.WriteString(req.Namespace + ": ")
	if st.Before.Mode != "" && st.Before.Mode != clients.ModeUnknown {
		b.WriteString(st.Before.String() + " → ")
	}
	b.WriteString(target.String() + " — " + phaseText(st) + endText(st))
	if req.Requester != "" {
		b.WriteString(" · by @" + req.Requester)
	}
	if req.Reason != "" {
		b.WriteString(": " + oneLine(req.Reason))
	}
	if !edited && st.MinActionsPerHour > 0 {
		b.WriteString(" · cost floor " + capacity.FormatFloor(st.MinActionsPerHour, st.ActionPricePerMillion))
	}
	return b.String()
}

// phaseText is the phase's wording (bot.PhaseWords), with the reason of a
// failure or refusal, which the console shows on the same line.
func phaseText(st workflows.BoostStatus) string {
	w := bot.PhaseWords(st)
	switch st.Phase {
	case workflows.PhaseFailed:
		return strings.ToUpper(w) + ": " + oneLine(firstNonEmpty(st.Error, st.Message, "no reason given"))
	case workflows.PhaseRefused:
		return w + ": " + oneLine(firstNonEmpty(st.Error, st.Message, "no reason given"))
	}
	return w
}

// endText says, for a boost that has ended, when it really ended, why and
// how long it lasted (the words are bot.EndWords' and bot.Lasted's); "" while
// it runs or when the status does not record the end.
func endText(st workflows.BoostStatus) string {
	if !st.Phase.Final() || st.EndedAt.IsZero() {
		return ""
	}
	s := " · ended " + humanize.Date(st.EndedAt)
	if why := bot.EndWords(st); why != "" {
		s += ", " + plainText(why)
	}
	if lasted := bot.Lasted(st); lasted != "" && st.Phase == workflows.PhaseDone {
		s += ", lasted " + lasted
	}
	return s
}

// renderStep renders a thread reply, indented under its root.
func renderStep(st workflows.BoostStatus, step workflows.Step) string {
	var b strings.Builder
	b.WriteString("  └ ")
	if !step.At.IsZero() {
		b.WriteString(step.At.UTC().Format("15:04:05") + " ")
	}
	b.WriteString(st.Request.Namespace + " · ")
	b.WriteString(severityMark(step.Severity))
	b.WriteString(indentRest(step.Text, "    "))
	if step.ExternalChange.AsksDecision() {
		b.WriteString("\n    " + decisionChoice(st.Request.Namespace))
	}
	if step.Approval.Pending() {
		b.WriteString("\n    " + approvalChoice(st.Request.Namespace))
	}
	return b.String()
}

// decisionChoice offers, as commands, the answers the Slack buttons give to
// a boost that found its capacity changed outside the bot.
func decisionChoice(ns string) string {
	return fmt.Sprintf("%s: %s · %s: %s",
		bot.RevertAnywayLabel, bot.DecisionCommand(ns, workflows.DecisionRevertAnyway),
		bot.LeaveAsIsLabel, bot.DecisionCommand(ns, workflows.DecisionLeaveAsIs))
}

// approvalChoice offers, as commands, the answers the approval card's
// buttons give; "as <user>" acts as an approver on the simulated account.
func approvalChoice(ns string) string {
	return fmt.Sprintf("%s: %s · %s: %s",
		bot.ApproveLabel, bot.ApprovalCommand(ns, workflows.ApprovalGranted),
		bot.DenyLabel, bot.ApprovalCommand(ns, workflows.ApprovalDenied))
}

// renderAlert renders a post to the alerts channel.
func renderAlert(a workflows.Alert) string {
	var b strings.Builder
	b.WriteString("[ALERT #alerts] ")
	b.WriteString(bot.SimulatedMarker(a.Simulated))
	b.WriteString(severityMark(a.Severity))
	b.WriteString(a.Title)
	if a.Namespace != "" {
		b.WriteString(" · " + a.Namespace)
	}
	if a.Requester != "" {
		b.WriteString(" · requested by @" + a.Requester)
	}
	if a.WorkflowID != "" {
		b.WriteString(" · workflow " + a.WorkflowID)
	}
	if a.Text != "" {
		b.WriteString("\n  " + indentRest(a.Text, "  "))
	}
	if a.ExternalChange.AsksDecision() {
		b.WriteString("\n  " + decisionChoice(a.Namespace))
	}
	if a.Approval.Pending() {
		b.WriteString("\n  " + approvalChoice(a.Namespace))
	}
	return b.String()
}

func severityMark(s workflows.StepSeverity) string {
	switch s {
	case workflows.SeverityWarning:
		return "⚠ "
	case workflows.SeverityError:
		return "✖ "
	}
	return ""
}

// whyColumn is the report table's WHY column, the one that wraps.
const whyColumn = 7

// renderReport renders an analysis report: a banner when simulated, the
// summary line, an aligned table whose WHY column wraps to fit width, then
// any warnings. A report of more than maxPrintedRows rows prints only the
// rows that need action, in the report's order (riskiest first), as many as
// maxPrintedRows, and points at csvPath, the file holding every row.
func renderReport(r workflows.AnalysisReport, width int, csvPath string) string {
	var b strings.Builder
	if r.Simulated {
		b.WriteString("════ SIMULATED: a demo Temporal Cloud account, not yours ════\n")
	}
	s := r.Summary
	var head strings.Builder
	fmt.Fprintf(&head, "Capacity report %s: %d %s — %d switch mode, %d add TRUs, %d reduce TRUs, %d keep, %d unknown",
		r.GeneratedAt.UTC().Format("2006-01-02 15:04 UTC"), s.Namespaces, humanize.Plural(s.Namespaces, "namespace", "namespaces"),
		s.Switch, s.Add, s.Reduce, s.Keep, s.Unknown)
	var extra []string
	if len(r.Globs) > 0 {
		extra = append(extra, "matching "+strings.Join(r.Globs, " "))
	}
	if r.Requester != "" {
		extra = append(extra, "requested by @"+r.Requester)
	}
	if len(extra) > 0 {
		head.WriteString(" (" + strings.Join(extra, ", ") + ")")
	}
	b.WriteString(strings.Join(wrapText(head.String(), width), "\n") + "\n")
	all := len(r.Rows)
	if all > maxPrintedRows {
		r.Rows = printedRows(r.Rows)
	}
	if len(r.Rows) == 0 && all > 0 {
		b.WriteString("No namespace needs action.\n")
	} else if len(r.Rows) == 0 {
		b.WriteString("No namespace to report on.\n")
	} else {
		header := []string{"NAMESPACE", "MODE", "TRUS", "APS NOW/LIMIT", "THROTTLED/S", "7D P90/P99", "RECOMMENDATION", "WHY", "FLOOR/H"}
		labels := []string{"", "mode", "TRUs", "APS now/limit", "throttled/s", "7d p90/p99", "recommend", "why", "floor/h"}
		rows := make([][]string, len(r.Rows))
		for i, row := range r.Rows {
			rows[i] = reportCells(row, r.ActionPricePerMillion)
		}
		b.WriteString(table(header, labels, rows, whyColumn, width))
	}
	var apply []string
	for _, row := range r.Rows {
		if cmd := bot.SetCommand(row, r.GeneratedAt); cmd != "" {
			apply = append(apply, "  "+cmd)
		}
	}
	if len(apply) > 0 {
		b.WriteString("To apply a recommendation (a permanent change; nothing reverts it):\n" + strings.Join(apply, "\n") + "\n")
	}
	if all > maxPrintedRows {
		note := fmt.Sprintf("Printed the %d %s that need action most; all %d namespaces are in %s",
			len(r.Rows), humanize.Plural(len(r.Rows), "namespace", "namespaces"), all, csvPath)
		b.WriteString(strings.Join(wrapText(note, width), "\n") + "\n")
	}
	for _, w := range r.Warnings {
		b.WriteString("! " + strings.Join(wrapText(oneLine(w), max(width-2, minWrapWidth)), "\n  ") + "\n")
	}
	return strings.TrimRight(b.String(), "\n")
}

func reportCells(row workflows.ReportRow, price float64) []string {
	if row.Error != "" {
		return []string{row.Namespace, "unknown", "-", "-", "-", "-", "unknown", "error: " + oneLine(row.Error), "-"}
	}
	trus := "-"
	if row.Current.Mode == clients.ModeProvisioned {
		trus = humanize.Number(row.Current.TRUs)
	}
	aps, throttled := formatRate(row.APS), formatRate(row.ThrottledPerSec)
	if row.UsageUnreadable != "" {
		aps, throttled = bot.UsageUnreadable, "-"
	}
	return []string{
		row.Namespace,
		string(row.Current.Mode),
		trus,
		aps + "/" + formatRate(row.APSLimit),
		throttled,
		formatRate(row.Stats.P90) + "/" + formatRate(row.Stats.P99),
		bot.RecommendationWords(row),
		oneLine(row.Reason),
		formatCount(row.MinActionsPerHour) + capacity.FormatHourlyCost(row.MinActionsPerHour, price),
	}
}

// formatRate prints an actions-per-second figure: whole numbers from 10 up,
// one decimal below.
func formatRate(v float64) string {
	switch {
	case v == 0:
		return "0"
	case v >= 10 || v <= -10:
		return strconv.FormatFloat(v, 'f', 0, 64)
	default:
		return strings.TrimSuffix(strconv.FormatFloat(v, 'f', 1, 64), ".0")
	}
}

// formatCount prints an action count as capacity spells it (360K, 1.08M),
// and zero as "-" so that an empty table cell stands out.
func formatCount(v float64) string {
	if !(v > 0) {
		return "-"
	}
	return capacity.FormatActions(v)
}

// slackMention matches Slack's <@U1>, <#C1|name> and <!here>; slackURL its
// links, <https://…|label>. Other angle brackets (such as "<namespace>" in
// the usage text) are left alone.
var (
	slackMention = regexp.MustCompile(`<([@#!])([^<>|\s]+)(?:\|([^<>]*))?>`)
	slackURL     = regexp.MustCompile(`<((?:https?://|mailto:)[^<>|\s]*)(?:\|([^<>]*))?>`)
)

// plainText turns Slack markup into what a terminal reader expects:
// mentions as @U1, channels as #name, links as their label.
func plainText(s string) string {
	s = slackMention.ReplaceAllStringFunc(s, func(m string) string {
		p := slackMention.FindStringSubmatch(m)
		sigil, target, label := p[1], p[2], p[3]
		if sigil == "!" {
			return "@" + target
		}
		if label != "" {
			return sigil + label
		}
		return sigil + target
	})
	return slackURL.ReplaceAllStringFunc(s, func(m string) string {
		p := slackURL.FindStringSubmatch(m)
		if p[2] != "" {
			return p[2]
		}
		return p[1]
	})
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func indentRest(s, indent string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+indent)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}
