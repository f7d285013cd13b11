package workflows

// Registered names of every activity. Workflows schedule activities by these
// names and Register registers the methods under them, so renaming a Go
// method never breaks a running workflow; the values are recorded in
// histories and must never change.
const (
	ActivityGatherUsage    = "AnalysisGatherUsage"
	ActivityGatherCapacity = "AnalysisGatherCapacity"
	ActivityPostReport     = "AnalysisPostReport"

	ActivityReadCapacity     = "ReadCapacity"
	ActivityApplyCapacity    = "ApplyCapacity"
	ActivityGetOperation     = "GetOperation"
	ActivityVerifyCapacity   = "VerifyCapacity"
	ActivityNotifyCreateRoot = "NotifyCreateRoot"
	ActivityNotifyUpdateRoot = "NotifyUpdateRoot"
	ActivityNotifyStep       = "NotifyStep"
	ActivityNotifyAlert      = "NotifyAlert"
	ActivityNotifyReportRow  = "NotifyReportRow"

	ActivityWatchUsage   = "WatchUsage"
	ActivityWatchSuggest = "WatchSuggest"
	ActivityNotifyWatch  = "NotifyWatchAlert"

	ActivityCheckRequester = "CheckRequester"
)
