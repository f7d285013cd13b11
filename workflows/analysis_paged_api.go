package workflows

// Names and bounds of the paged analysis (analysisPagedVersion): the account
// is read in batches of namespaces, each batch's rows are one page kept in
// the workflow, and the posting activity reads the pages back by query, so
// no payload grows with the number of namespaces.
const (
	ActivityReadUsage    = "AnalysisReadUsage"
	ActivityGatherBatch  = "AnalysisGatherBatch"
	ActivityPostPages    = "AnalysisPostPages"
	QueryAnalysisPage    = "analysis_page"
	analysisPagedVersion = "analysis-paged"

	// AnalysisBatchSize is how many namespaces one GatherBatch reads: one
	// page of rows, about 190 KB (TestAnalysisPayloadsBounded), well under
	// the 512 KB this bot allows any payload even when every reason is long.
	AnalysisBatchSize = 500
	// AnalysisTopRows bounds the rows the workflow's result carries: those
	// that need action, ranked (a Slack table shows 99 at most).
	AnalysisTopRows = 100
	// analysisMaxWarnings bounds the warnings one payload carries.
	analysisMaxWarnings = 20
)

// ReadUsageResult is what ReadUsage tells the workflow: the warnings about
// the usage data, at most analysisMaxWarnings. The usage itself stays in the
// worker (analysisRuns) for the batches, which re-read it where it is missing.
type ReadUsageResult struct {
	Warnings []string `json:"warnings,omitempty"`
}

// GatherBatchInput selects one batch: the first Limit selected namespaces
// sorted after After (a cursor, "" for the first batch).
type GatherBatchInput struct {
	Globs []string `json:"globs,omitempty"`
	After string   `json:"after,omitempty"`
	Limit int      `json:"limit"`
	// HaveUsage is false when ReadUsage failed: rows are then made from the
	// 7-day statistics alone, as the report's warning says.
	HaveUsage bool `json:"haveUsage"`
}

// GatherBatchResult is one page of rows and where the next batch starts.
type GatherBatchResult struct {
	Rows []ReportRow `json:"rows"`
	// Next is the cursor of the next batch; More is false on the last one.
	Next string `json:"next,omitempty"`
	More bool   `json:"more"`
	// Selected is how many namespaces the whole analysis covers.
	Selected int `json:"selected"`
	// Warnings are the selection's (globs that match nothing), bounded.
	Warnings  []string `json:"warnings,omitempty"`
	Simulated bool     `json:"simulated,omitempty"`
}

// PostPagesInput is the report without its rows, which the posting activity
// reads back page by page from the workflow that schedules it.
type PostPagesInput struct {
	Channel string         `json:"channel"`
	Head    AnalysisReport `json:"head"`
	Pages   int            `json:"pages"`
}
