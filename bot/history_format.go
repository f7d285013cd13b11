package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// HistoryTopRows is how many rows a history's summary shows; the CSV (Slack)
// and the table (console) hold them all.
const HistoryTopRows = 10

// HistoryHeader names the columns of a history table and CSV, in order;
// HistoryRow.Cells fills them.
func HistoryHeader() []string {
	return []string{"namespace", "kind", "from → to", "requested by", "approved by", "start", "end", "outcome",
		"duration", "TRU-hours", "above before", "min actions", "cost"}
}

// Cells are the row's values for HistoryHeader, formatted for people.
func (r HistoryRow) Cells(now time.Time) []string {
	return []string{r.Namespace, r.kind(), r.From.String() + " → " + r.To.String(), orDash(r.Requester), orDash(r.Approver),
		humanize.Time(r.Start, now), r.endText(now), string(r.Outcome), r.durationText(),
		number(r.TRUHours), number(r.TRUHoursAbove), capacity.FormatActions(r.MinActions), r.moneyText()}
}

// CSVCells are the row's values for HistoryHeader, unformatted so a
// spreadsheet can add them up: RFC 3339 times, hours and plain numbers.
func (r HistoryRow) CSVCells() []string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	t := func(v time.Time) string {
		if v.IsZero() {
			return ""
		}
		return v.UTC().Format(time.RFC3339)
	}
	return []string{r.Namespace, r.kind(), r.From.String() + " → " + r.To.String(), r.Requester, r.Approver,
		t(r.Start), t(r.End), string(r.Outcome), f(r.Held.Hours()), f(r.TRUHours), f(r.TRUHoursAbove), f(r.MinActions), f(r.Money)}
}

func (r HistoryRow) kind() string {
	switch {
	case r.Permanent:
		return "set"
	case r.Scheduled:
		return "scheduled"
	}
	return "boost"
}

func (r HistoryRow) endText(now time.Time) string {
	switch {
	case r.Outcome == OutcomeRunning:
		return "running"
	case r.End.IsZero():
		return "—"
	}
	return humanize.Time(r.End, now)
}

func (r HistoryRow) durationText() string {
	if r.Permanent {
		return "permanent"
	}
	if r.Held <= 0 {
		return "—"
	}
	return humanize.Duration(r.Held)
}

func (r HistoryRow) moneyText() string {
	if r.Money <= 0 {
		return "—"
	}
	return capacity.FormatMoney(r.Money)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// number prints TRU-hours with at most two decimals.
func number(v float64) string { return strconv.FormatFloat(float64(int64(v*100+0.5))/100, 'f', -1, 64) }

// HistoryText is the history's reply in words: what was searched and how
// far back Temporal can see, the newest HistoryTopRows rows, and the totals
// per namespace and overall.
func HistoryText(h HistoryReport) string {
	var b strings.Builder
	b.WriteString(HistoryHead(h) + "\n")
	if len(h.Rows) == 0 {
		return strings.TrimRight(b.String(), "\n")
	}
	for i, r := range h.Rows {
		if i == HistoryTopRows {
			fmt.Fprintf(&b, "…and %d more (all in the CSV).\n", len(h.Rows)-HistoryTopRows)
			break
		}
		b.WriteString("• " + historyLine(r, h.Now) + "\n")
	}
	return b.String() + HistoryTotals(h)
}

// HistoryHead is the history's first lines: what was searched, how many
// runs were found, and how far back Temporal can see.
func HistoryHead(h HistoryReport) string {
	scope := "every namespace"
	if h.Glob != "" {
		scope = "namespaces matching " + h.Glob
	}
	return fmt.Sprintf("Capacity history of %s since %s: %d %s.\n%s", scope, humanize.Date(h.Since),
		len(h.Rows), humanize.Plural(len(h.Rows), "boost or change", "boosts and changes"), historyReach(h))
}

// HistoryTotals is the totals per namespace and overall, one line each;
// "" when there is no row.
func HistoryTotals(h HistoryReport) string {
	if len(h.Rows) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("Totals:\n")
	for _, t := range h.PerNamespace {
		b.WriteString("• " + totalLine(t, h.PricePerMillion) + "\n")
	}
	b.WriteString("• " + totalLine(h.Total, h.PricePerMillion))
	return b.String()
}

// historyReach says how far back the list can be trusted: the namespace's
// retention bounds what visibility still holds.
func historyReach(h HistoryReport) string {
	var s string
	switch {
	case h.Retention <= 0:
		s = "Temporal's retention could not be read, so older finished runs may be missing."
	case h.Now.Sub(h.Since) > h.Retention:
		s = fmt.Sprintf("Temporal keeps finished runs for %s, so only runs since %s can be seen.",
			humanize.Duration(h.Retention), humanize.Date(h.Now.Add(-h.Retention)))
	default:
		s = fmt.Sprintf("Temporal keeps finished runs for %s: this covers the whole period.", humanize.Duration(h.Retention))
	}
	if !h.SearchAttributes {
		s += " (Listed without the history search attributes: slower on a busy namespace.)"
	}
	if h.Truncated {
		s += fmt.Sprintf(" Only the newest %d runs are listed; narrow the glob or the period.", maxHistoryRuns)
	}
	return s
}

func historyLine(r HistoryRow, now time.Time) string {
	s := fmt.Sprintf("%s %s → %s (%s) by %s, %s", r.Namespace, r.From, r.To, r.kind(), orDash(r.Requester), humanize.Time(r.Start, now))
	if !r.End.IsZero() {
		s += "–" + humanize.Time(r.End, now)
	}
	s += ": " + string(r.Outcome)
	if r.Approver != "" {
		s += ", approved by " + r.Approver
	}
	if r.Held > 0 {
		s += fmt.Sprintf(", %s held, %s TRU-hours (%s above before), at least %s actions", humanize.Duration(r.Held),
			number(r.TRUHours), number(r.TRUHoursAbove), capacity.FormatActions(r.MinActions))
		if r.Money > 0 {
			s += " ≈ " + capacity.FormatMoney(r.Money)
		}
	}
	return s
}

// MonthText is a month's total in words, for the App Home.
func MonthText(t HistoryTotal, price float64) string {
	t.Namespace = "This month"
	return totalLine(t, price)
}

func totalLine(t HistoryTotal, price float64) string {
	name := t.Namespace
	if name == "" {
		name = "All"
	}
	s := fmt.Sprintf("%s: %d %s, %s TRU-hours (%s above before), at least %s actions", name,
		t.Runs, humanize.Plural(t.Runs, "run", "runs"), number(t.TRUHours), number(t.TRUHoursAbove), capacity.FormatActions(t.MinActions))
	if price > 0 {
		s += " ≈ " + capacity.FormatMoney(t.Money)
	}
	return s
}
