package console

import (
	"strings"

	"github.com/capacitybot/capacitybot/bot"
)

// historyWrapColumn is the history table's column that wraps: from → to.
const historyWrapColumn = 2

// renderHistory lays out /capacity history for a terminal: the head, every
// row in a table (cards when the terminal is too narrow) and the totals.
func renderHistory(h bot.HistoryReport, width int) string {
	var b strings.Builder
	b.WriteString(bot.MarkSimulated(bot.HistoryHead(h), h.Simulated) + "\n")
	if len(h.Rows) > 0 {
		header := bot.HistoryHeader()
		labels := make([]string, len(header))
		upper := make([]string, len(header))
		for i, name := range header {
			labels[i], upper[i] = name, strings.ToUpper(name)
		}
		labels[0] = ""
		rows := make([][]string, len(h.Rows))
		for i, r := range h.Rows {
			rows[i] = r.Cells(h.Now)
		}
		b.WriteString(table(upper, labels, rows, historyWrapColumn, width))
		b.WriteString(bot.HistoryTotals(h))
	}
	return strings.TrimRight(b.String(), "\n")
}
