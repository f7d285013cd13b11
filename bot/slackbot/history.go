package slackbot

import (
	"github.com/capacitybot/capacitybot/bot"
)

// HistoryCSV is every row of a history, with bot.HistoryHeader's columns
// and unformatted values, so a spreadsheet can add them up.
func HistoryCSV(h bot.HistoryReport) []byte {
	rows := make([][]string, 0, len(h.Rows))
	for _, r := range h.Rows {
		rows = append(rows, r.CSVCells())
	}
	return bot.CSV(bot.HistoryHeader(), rows)
}

// historyCSVFile is the history's CSV as uploaded in its reply's thread.
func historyCSVFile(h bot.HistoryReport) csvFile {
	return csvFile{name: "capacity-history-" + h.Now.UTC().Format("20060102-1504") + ".csv",
		title: "Capacity history (every row)", content: HistoryCSV(h)}
}
