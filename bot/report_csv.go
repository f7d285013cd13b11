package bot

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/capacitybot/capacitybot/workflows"
)

// ReportCSV is the full report as CSV, one namespace per line, with the
// numbers unformatted so a spreadsheet can use them: attached to a Slack
// report, written to a file by the console.
func ReportCSV(r workflows.AnalysisReport) []byte {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	rows := make([][]string, 0, len(r.Rows))
	for _, row := range r.Rows {
		aps, throttled := f(row.APS), f(row.ThrottledPerSec)
		if row.UsageUnreadable != "" {
			aps, throttled = "", "" // unknown, not zero; the reason says why
		}
		rows = append(rows, []string{row.Namespace, string(row.Current.Mode), f(row.Current.TRUs), aps, f(row.APSLimit),
			throttled, f(row.Stats.Mean), f(row.Stats.P90), f(row.Stats.P99), string(row.Action),
			string(row.Recommended.Mode), f(row.Recommended.TRUs), f(row.MinActionsPerHour), row.Reason, row.Error})
	}
	return CSV([]string{"namespace", "mode", "trus", "aps", "aps_limit", "throttled_per_sec",
		"aps_mean_7d", "aps_p90_7d", "aps_p99_7d", "action", "recommended_mode", "recommended_trus",
		"min_actions_per_hour", "reason", "error"}, rows)
}

// CSV is the one writer of the bot's CSV files (the report's, the
// history's): a header line, then the rows, every cell that is not a number
// through CSVSafe.
func CSV(header []string, rows [][]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(header)
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, c := range row {
			if _, err := strconv.ParseFloat(c, 64); err == nil {
				cells[i] = c
			} else {
				cells[i] = CSVSafe(c)
			}
		}
		_ = w.Write(cells)
	}
	w.Flush()
	return buf.Bytes()
}

// CSVSafe stops a spreadsheet from running text that starts like a formula.
func CSVSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ReportCSVName is the file name of a report's CSV, dated when the report is.
func ReportCSVName(r workflows.AnalysisReport) string {
	if r.GeneratedAt.IsZero() {
		return "capacity-report.csv"
	}
	return "capacity-report-" + r.GeneratedAt.UTC().Format("20060102-1504") + ".csv"
}
