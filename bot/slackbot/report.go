package slackbot

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// reportColumns are the table's columns (well under Slack's 20).
func reportColumns() []string {
	return []string{"Namespace", "Mode", "TRUs", "APS now / limit", "Throttled/s", "Recommendation", "Why"}
}

// minWhy is the shortest the "Why" column is clipped to before rows are
// dropped from the table instead.
const minWhy = 40

// Report is an analysis report rendered for Slack: a message and, when the
// table could not hold everything, the full CSV to upload with it.
type Report struct {
	Text   string
	Blocks []slack.Block
	// CSV is the full report when the table was cut (rows or text); nil when
	// the message holds everything.
	CSV []byte
	// Shown is how many rows the table shows.
	Shown int
}

// RenderReport renders an analysis report: a summary line and a table block
// within Slack's table limits (100 rows with the header, 10,000 characters of
// cell text per message); what does not fit goes in a CSV. A report too
// large for one table shows only the rows that need action, in the report's
// order (riskiest first), as many as fit; every row is in the CSV.
func RenderReport(r workflows.AnalysisReport) Report {
	rows := make([][]string, 0, len(r.Rows))
	for _, row := range r.Rows {
		rows = append(rows, reportCells(row, r.ActionPricePerMillion))
	}
	shown, whyCap := fitTable(rows)
	actionOnly := shown < len(rows)
	if actionOnly {
		rows = rows[:0]
		for _, row := range r.Rows {
			if row.Action.NeedsAction() {
				rows = append(rows, reportCells(row, r.ActionPricePerMillion))
			}
		}
		shown, whyCap = fitTable(rows)
	}
	cut := actionOnly
	for _, row := range rows[:shown] {
		if utf8.RuneCountInString(row[len(row)-1]) > whyCap {
			cut = true
		}
	}

	title := "Capacity analysis"
	if r.Simulated {
		title += " (SIMULATED)"
	}
	blocks := []slack.Block{header("report_head", ":bar_chart: "+title)}
	blocks = append(blocks, section("report_summary", reportSummary(r)))
	if len(rows) > 0 {
		blocks = append(blocks, reportTable(rows[:shown], whyCap))
	}
	blocks = append(blocks, applyBlocks(r)...)
	var notes []string
	switch {
	case actionOnly && len(rows) == 0:
		notes = append(notes, fmt.Sprintf(":page_facing_up: No namespace needs action; all %d are in the attached CSV.", len(r.Rows)))
	case actionOnly:
		notes = append(notes, fmt.Sprintf(":page_facing_up: The table shows the %d of %d %s that need action most; all %d namespaces are in the attached CSV.",
			shown, len(rows), humanize.Plural(len(rows), "namespace", "namespaces"), len(r.Rows)))
	case cut:
		notes = append(notes, fmt.Sprintf(":page_facing_up: The table shows %d of %d %s, some reasons shortened; the full report is in the attached CSV.",
			shown, len(rows), humanize.Plural(len(rows), "namespace", "namespaces")))
	}
	for i, w := range r.Warnings {
		if i == 5 {
			more := len(r.Warnings) - 5
			notes = append(notes, fmt.Sprintf("…and %d more %s", more, humanize.Plural(more, "warning", "warnings")))
			break
		}
		notes = append(notes, ":warning: "+escape(humanize.Clip(w, 300)))
	}
	if r.Simulated {
		notes = append(notes, simulatedNote)
	}
	if !r.GeneratedAt.IsZero() {
		notes = append(notes, "Generated "+slackDate(r.GeneratedAt))
	}
	if len(notes) > 0 {
		blocks = append(blocks, contextText("report_notes", notes...))
	}
	out := Report{Text: bot.MarkSimulatedPost("Capacity analysis: "+summaryCounts(r.Summary), r.Simulated), Blocks: blocks, Shown: shown}
	if cut {
		out.CSV = bot.ReportCSV(r)
	}
	return out
}

func reportSummary(r workflows.AnalysisReport) string {
	s := "*" + summaryCounts(r.Summary) + "*"
	if r.Requester != "" {
		s += "\nRequested by " + user(r.Requester)
	}
	if len(r.Globs) > 0 {
		s += " for `" + escape(humanize.Clip(strings.Join(r.Globs, " "), 500)) + "`"
	}
	return s
}

func summaryCounts(s workflows.ReportSummary) string {
	return fmt.Sprintf("%d %s: %d to switch mode, %d to add TRUs, %d to reduce, %d to keep, %d unknown",
		s.Namespaces, humanize.Plural(s.Namespaces, "namespace", "namespaces"), s.Switch, s.Add, s.Reduce, s.Keep, s.Unknown)
}

func reportCells(row workflows.ReportRow, price float64) []string {
	if row.Error != "" {
		return []string{row.Namespace, string(clients.ModeUnknown), "", "", "", "error", row.Error}
	}
	tr := ""
	if row.Current.Mode == clients.ModeProvisioned {
		tr = humanize.Number(row.Current.TRUs)
	}
	rec := bot.RecommendationWords(row)
	if row.MinActionsPerHour > 0 {
		rec += " (floor " + capacity.FormatFloor(row.MinActionsPerHour, price) + ")"
	}
	aps, throttled := num(row.APS), num(row.ThrottledPerSec)
	if row.UsageUnreadable != "" {
		aps, throttled = bot.UsageUnreadable, ""
	}
	return []string{
		row.Namespace, string(row.Current.Mode), tr,
		aps + " / " + num(row.APSLimit),
		throttled, rec, row.Reason,
	}
}

// fitTable decides how many rows the table shows and how long the "Why"
// column may be, so the table stays within Slack's limits.
func fitTable(rows [][]string) (shown, whyCap int) {
	shown = min(len(rows), maxTableRows-1)
	headerLen := 0
	for _, c := range reportColumns() {
		headerLen += utf8.RuneCountInString(c)
	}
	budget := maxTableText - headerLen - 200 // margin for the "…" marks
	for shown > 0 {
		fixed, why := 0, 0
		for _, row := range rows[:shown] {
			for _, c := range row[:len(row)-1] {
				fixed += utf8.RuneCountInString(c)
			}
			why += utf8.RuneCountInString(row[len(row)-1])
		}
		if fixed+why <= budget {
			return shown, maxSectionText
		}
		if cap := (budget - fixed) / shown; cap >= minWhy {
			return shown, cap
		}
		shown--
	}
	return 0, minWhy
}

func reportTable(rows [][]string, whyCap int) *slack.TableBlock {
	t := slack.NewTableBlock("report_table")
	head := make([]slack.TableCell, len(reportColumns()))
	for i, c := range reportColumns() {
		head[i] = slack.NewTableRichTextCell(slack.NewRichTextSection(
			slack.NewRichTextSectionTextElement(c, &slack.RichTextSectionTextStyle{Bold: true})))
	}
	t.AddRow(head...)
	for _, row := range rows {
		cells := make([]slack.TableCell, len(row))
		for i, c := range row {
			if i == len(row)-1 {
				c = humanize.Clip(c, whyCap)
			}
			cells[i] = slack.NewTableRawTextCell(c)
		}
		t.AddRow(cells...)
	}
	right := slack.ColumnSetting{Align: slack.ColumnAlignmentRight}
	left := slack.ColumnSetting{Align: slack.ColumnAlignmentLeft}
	return t.WithColumnSettings(left, left, right, right, right, left, slack.ColumnSetting{Align: slack.ColumnAlignmentLeft, IsWrapped: true})
}
