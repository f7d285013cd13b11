package slackbot

import (
	"bytes"
	"encoding/csv"

	"github.com/capacitybot/capacitybot/bot"
)

// HistoryCSV is every row of a history, with bot.HistoryHeader's columns
// and unformatted values, so a spreadsheet can add them up.
func HistoryCSV(h bot.HistoryReport) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write(bot.HistoryHeader())
	for _, r := range h.Rows {
		cells := r.CSVCells()
		for i := range cells {
			cells[i] = bot.CSVSafe(cells[i])
		}
		_ = w.Write(cells)
	}
	w.Flush()
	return buf.Bytes()
}

// historyCSVFile is the history's CSV as uploaded in its reply's thread.
func historyCSVFile(h bot.HistoryReport) csvFile {
	return csvFile{name: "capacity-history-" + h.Now.UTC().Format("20060102-1504") + ".csv",
		title: "Capacity history (every row)", content: HistoryCSV(h)}
}
