package workflows

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// analysisMaxNamed bounds how many names one warning lists.
const analysisMaxNamed = 10

// analysisReportInput is everything the report is built from. UsageErr is set
// when the Metrics API could not be read; the report is then built from the
// 7-day statistics alone.
type analysisReportInput struct {
	Request  AnalysisRequest
	Gathered GatherResult
	Usage    clients.UsageSnapshot
	UsageErr string
	Now      time.Time
}

// buildAnalysisReport joins capacity and usage into recommendation rows. It is
// pure and deterministic (maps are only read through sorted keys) because it
// runs in workflow code.
func buildAnalysisReport(in analysisReportInput) AnalysisReport {
	report := AnalysisReport{
		GeneratedAt: in.Now,
		Rows:        make([]ReportRow, 0, len(in.Gathered.Namespaces)),
		Simulated:   in.Gathered.Simulated,
		Globs:       in.Request.Globs,
		Requester:   in.Request.Requester,
	}
	usage, labels := clients.ResolveUsage(in.Usage, in.Gathered.Listed)
	report.Warnings = append(report.Warnings, in.Gathered.Warnings...)
	report.Warnings = append(report.Warnings, analysisUsageWarnings(in, labels)...)

	for _, nr := range in.Gathered.Namespaces {
		report.Rows = append(report.Rows, analysisRow(nr, usage, in.UsageErr == ""))
	}
	slices.SortFunc(report.Rows, ReportOrder)
	report.Summary = analysisSummary(report.Rows)
	return report
}

// analysisRow is one namespace's row; usage is keyed by namespace ID.
func analysisRow(nr NamespaceResult, usage clients.UsageSnapshot, haveUsage bool) ReportRow {
	unknown := clients.Capacity{Mode: clients.ModeUnknown}
	if nr.Error != "" {
		return ReportRow{
			Namespace: nr.Namespace, Current: unknown, Recommended: unknown,
			Action: ActionUnknown, Reason: "Its capacity could not be read, so nothing is recommended.",
			Error: nr.Error,
		}
	}
	u, found := usage.Namespaces[nr.Namespace]
	if found && u.Unreadable != "" {
		return ReportRow{
			Namespace: nr.Namespace, Current: nr.Capacity.Current, APSLimit: nr.Capacity.APSLimit, Stats: nr.Info.APS,
			Recommended: unknown, Action: ActionUnknown, UsageUnreadable: u.Unreadable,
			Reason: "Its current usage is unreadable (" + u.Unreadable + "), so nothing is recommended.",
		}
	}
	limit := nr.Capacity.APSLimit
	if limit <= 0 {
		limit = u.ActionLimit
	}
	u.ActionLimit = limit
	rec := Recommend(RecommendInput{Current: nr.Capacity.Current, Usage: u, Info: nr.Info})
	reason := rec.Reason
	if !found && haveUsage {
		reason = "No usage for this namespace in the Metrics API's last minute; current usage taken as 0. " + reason
	}
	if nr.Capacity.RequestInProgress() {
		reason += fmt.Sprintf(" A capacity change to %s is still in progress, so these figures may be about to change.",
			nr.Capacity.LatestRequest.Target)
	}
	return ReportRow{
		Namespace:         nr.Namespace,
		Current:           nr.Capacity.Current,
		APS:               u.ActionsPerSecond,
		APSLimit:          limit,
		ThrottledPerSec:   u.ThrottledPerSecond,
		Stats:             nr.Info.APS,
		Recommended:       rec.Capacity,
		Action:            rec.Action,
		Reason:            reason,
		MinActionsPerHour: rec.MinActionsPerHour,
	}
}

// analysisUsageWarnings says what is wrong with the usage data: a failed or
// incomplete scrape, and label values that name no Cloud Ops namespace
// (ignored, as they cannot be changed), listed once.
func analysisUsageWarnings(in analysisReportInput, labels clients.LabelResolution) []string {
	if in.UsageErr != "" {
		return []string{"The Metrics API could not be read (" + in.UsageErr +
			"); recommendations use the 7-day statistics only, without current usage or throttling."}
	}
	var out []string
	if c := in.Usage.Completeness; c != "" && c != "complete" {
		out = append(out, fmt.Sprintf("The Metrics API returned incomplete data (X-Completeness: %s); some namespaces may show no current usage.", c))
	}
	out = append(out, in.Usage.Warnings...)

	var orphans []string
	for _, label := range labels.Unmapped {
		if analysisRequested(in.Request.Globs, label) {
			orphans = append(orphans, label)
		}
	}
	if len(orphans) > 0 {
		n := len(orphans)
		out = append(out, fmt.Sprintf("%d %s in the Metrics API %s not in Cloud Ops and %s ignored: %s.",
			n, humanize.Plural(n, "namespace", "namespaces"), humanize.Plural(n, "is", "are"), humanize.Plural(n, "was", "were"), analysisNameList(orphans)))
	}
	return out
}

func analysisRequested(globs []string, name string) bool {
	if len(globs) == 0 {
		return true
	}
	return capacity.MatchAnyNamespace(globs, name)
}

func analysisNameList(names []string) string {
	if len(names) <= analysisMaxNamed {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:analysisMaxNamed], ", ") + fmt.Sprintf(" and %d more", len(names)-analysisMaxNamed)
}

func analysisSummary(rows []ReportRow) ReportSummary {
	return analysisCount(ReportSummary{}, rows)
}

// analysisCount adds rows to the summary s: a paged analysis counts page by
// page.
func analysisCount(s ReportSummary, rows []ReportRow) ReportSummary {
	s.Namespaces += len(rows)
	for _, r := range rows {
		switch r.Action {
		case ActionSwitchOnDemand, ActionSwitchProvision:
			s.Switch++
		case ActionAdd:
			s.Add++
		case ActionReduce:
			s.Reduce++
		case ActionKeep:
			s.Keep++
		default:
			s.Unknown++
		}
	}
	return s
}
