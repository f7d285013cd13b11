package check

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/metrics"
	"github.com/capacitybot/capacitybot/internal/humanize"
)

// MetricsAPI is the one Metrics API request the check makes.
type MetricsAPI interface {
	Probe(ctx context.Context) (metrics.Probe, error)
}

// MetricsOptions say which Metrics API is checked and against which
// namespace list its label values are mapped.
type MetricsOptions struct {
	API       MetricsAPI
	Simulated bool
	BaseURL   string // CLOUD_METRICS_API_BASE_URL, for the messages
	// Namespaces lists the Cloud Ops namespace IDs the label values must
	// map to.
	Namespaces func(ctx context.Context) ([]string, error)
	// Identity asks GetCurrentIdentity with the Metrics key on the Cloud Ops
	// endpoint; nil skips it (the simulated account has one key).
	Identity func(ctx context.Context) (clients.Identity, error)
	// BudgetPerHour (METRICS_API_BUDGET_PER_HOUR) and WatchInterval
	// (WATCH_INTERVAL; 0 = off) say how often the watch can check this
	// account; BudgetPerHour 0 leaves that line out.
	BudgetPerHour int
	WatchInterval time.Duration
}

// The fixes of the Metrics checks.
const (
	fixMetricsKey = "TEMPORAL_CLOUD_METRICS_API_KEY is not accepted: create an API key for a service account with the " +
		"Metrics Read-Only account role (Cloud UI → Settings → Service Accounts) and set it"
	fixMetricsURL = "check CLOUD_METRICS_API_BASE_URL (default https://metrics.temporal.io) and that this machine reaches it"
)

// MetricsCheck makes one Metrics API request and reports its status,
// X-Completeness, series and points, the temporal_namespace label form
// served and every label value that maps to no Cloud Ops namespace.
func MetricsCheck(o MetricsOptions) Check {
	return Check{Part: "Metrics API", Simulated: o.Simulated, Run: func(ctx context.Context) []Result {
		p, err := o.API.Probe(ctx)
		if err != nil {
			return []Result{metricsFailure(o, err)}
		}
		out := []Result{responseResult(p)}
		if o.BudgetPerHour > 0 {
			out = append(out, budgetResult(p, o.BudgetPerHour, o.WatchInterval))
		}
		ids, err := o.Namespaces(ctx)
		if err != nil {
			out = append(out, warn("fix the Cloud Ops API first (its line above)",
				"label values not mapped: the Cloud Ops namespace list could not be read: %v", err))
		} else {
			out = append(out, labelResult(p.Snapshot, ids))
		}
		if o.Identity != nil {
			out = append(out, metricsKeyResult(ctx, o.Identity))
		}
		return out
	}}
}

func metricsFailure(o MetricsOptions, err error) Result {
	fix := fixByKind(err, fixMetricsURL, map[clients.ErrorKind]string{
		clients.KindPermission:  fixMetricsKey,
		clients.KindRateLimited: "wait: the account's 180 Metrics API requests an hour are spent (other scrapers share them)",
		clients.KindMalformed:   "check CLOUD_METRICS_API_BASE_URL: the answer is not the Metrics API's OpenMetrics text",
	})
	return fail(fix, "request to %s failed: %v", o.BaseURL, err)
}

func responseResult(p metrics.Probe) Result {
	if requests, atLeast := metrics.RequestsPerScrape(p); atLeast {
		return warn("nothing to set: the account holds more than one response's 30,000 points, so the bot reads it in batches of namespaces; a namespace still unread is shown as unreadable, never as idle",
			"HTTP %d, X-Completeness %s: %d series, %d points in one response; a scrape takes at least %d requests", p.Status, p.Completeness, p.Series, p.Points, requests)
	}
	if p.Completeness != "complete" {
		return warn("nothing to set: the bot works with what is served, but namespaces missing from it show no usage; if it stays so, ask Temporal support",
			"HTTP %d, X-Completeness %s: %d series, %d points (some may be missing)", p.Status, p.Completeness, p.Series, p.Points)
	}
	if p.Points == 0 {
		return warn("nothing to set if the account is idle; otherwise give the key's service account the Metrics Read-Only role",
			"HTTP %d, X-Completeness %s, but no series served", p.Status, p.Completeness)
	}
	return ok("HTTP %d, X-Completeness %s: %d series, %d points", p.Status, p.Completeness, p.Series, p.Points)
}

// budgetResult says how many requests one scrape of the account takes and
// how often the watch can check within its share of the budget.
func budgetResult(p metrics.Probe, budget int, interval time.Duration) Result {
	requests, atLeast := metrics.RequestsPerScrape(p)
	need := fmt.Sprintf("%d", requests)
	if atLeast {
		need = "at least " + need
	}
	head := fmt.Sprintf("one scrape of the account takes %s %s of METRICS_API_BUDGET_PER_HOUR=%d",
		need, humanize.Plural(requests, "request", "requests"), budget)
	if interval <= 0 {
		return ok("%s; the throttling watch is off", head)
	}
	keep := metrics.EffectiveWatchInterval(interval, budget, requests)
	if keep > interval {
		return warn("nothing to do: the watch checks less often to stay within half of the budget; raise METRICS_API_BUDGET_PER_HOUR (at most 180) to check more often",
			"%s; the throttling watch checks every %s, not every %s (WATCH_INTERVAL)", head, keep, interval)
	}
	return ok("%s; the throttling watch checks every %s (WATCH_INTERVAL)", head, interval)
}

// labelResult says which form the temporal_namespace label takes and names
// the values that map to no namespace, through clients.ResolveUsage, the
// mapping every consumer of a label value uses.
func labelResult(snap clients.UsageSnapshot, ids []string) Result {
	resolved, res := clients.ResolveUsage(snap, ids)
	form := labelForm(res)
	if n := len(res.Unmapped); n > 0 {
		return warn("give the Cloud Ops key read access to these namespaces if the bot should manage them; otherwise nothing to do (they are left out)",
			"temporal_namespace carries %s; %d %s map to no Cloud Ops namespace: %s",
			form, n, humanize.Plural(n, "value", "values"), strings.Join(res.Unmapped, ", "))
	}
	n := len(resolved.Namespaces)
	return ok("temporal_namespace carries %s; all %d %s map to a Cloud Ops namespace",
		form, n, humanize.Plural(n, "value", "values"))
}

func labelForm(res clients.LabelResolution) string {
	switch res.Form() {
	case "mixed":
		return "both namespace IDs (name.account) and bare names"
	case string(capacity.FormName):
		return "bare namespace names"
	case string(capacity.FormID):
		return "namespace IDs (name.account)"
	}
	return "no value of a known namespace"
}

// metricsKeyResult shows the Metrics key's role when the Cloud Ops endpoint
// accepts it; a refusal is not a failure, the Metrics API does not need it.
func metricsKeyResult(ctx context.Context, identity func(context.Context) (clients.Identity, error)) Result {
	id, err := identity(ctx)
	if err != nil {
		return off("the Metrics key's role was not shown: the Cloud Ops endpoint did not accept it for GetCurrentIdentity (%v)", err)
	}
	if id.AccountRole != clients.RoleMetricsRead {
		return warn("a key with only the Metrics Read-Only role is enough for the Metrics API and safer",
			"the Metrics key belongs to %s %q with account role %s", id.Kind, id.Name, id.AccountRole)
	}
	return ok("the Metrics key belongs to %s %q with account role %s", id.Kind, id.Name, id.AccountRole)
}
