package console

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

// maxPrintedRows bounds the rows a report prints: a terminal of 10,000 rows
// is as useless as a Slack table of them. Larger reports print the rows that
// need action and write every row to a CSV file.
const maxPrintedRows = 50

// printedRows are the rows of a large report worth printing: those that
// need action, in the report's order, at most maxPrintedRows.
func printedRows(rows []workflows.ReportRow) []workflows.ReportRow {
	var out []workflows.ReportRow
	for _, r := range rows {
		if len(out) == maxPrintedRows {
			break
		}
		if r.Action.NeedsAction() {
			out = append(out, r)
		}
	}
	return out
}

// writeReportCSV writes every row of the report to a CSV file in ReportDir
// and returns its path.
func (c *Console) writeReportCSV(r workflows.AnalysisReport) (string, error) {
	dir := c.o.ReportDir
	if dir == "" {
		dir = os.TempDir()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("creating the report directory %s: %w", dir, err)
	}
	path := filepath.Join(dir, bot.ReportCSVName(r))
	if err := os.WriteFile(path, bot.ReportCSV(r), 0o600); err != nil {
		return "", fmt.Errorf("writing the report CSV %s: %w", path, err)
	}
	return path, nil
}
