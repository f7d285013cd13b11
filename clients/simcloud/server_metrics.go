package simcloud

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients"
)

// openMetricsType is the content type the Metrics API serves.
const openMetricsType = "application/openmetrics-text; version=1.0.0; charset=utf-8"

// metricHelp describes the metrics served, in the order served.
var metricHelp = []struct{ name, help string }{
	{clients.MetricActionCount, "The number of actions per second"},
	{clients.MetricActionLimit, "The actions per second limit of the namespace"},
	{clients.MetricActionThrottled, "The number of throttled actions per second"},
	{clients.MetricProvisionedTRUs, "The number of provisioned TRUs, 0 when on-demand"},
	{clients.MetricOnDemandEnvelopeLimit, "The actions per second limit the namespace would have on-demand"},
}

func (c *Cloud) metricsHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/metrics", c.serveMetrics)
	return mux
}

// serveMetrics is GET /v1/metrics: the last completed minute of every
// requested metric for every namespace matching the globs.
func (c *Cloud) serveMetrics(w http.ResponseWriter, r *http.Request) {
	end := c.stats.begin(MethodMetrics)
	defer end()
	if err := sleepCtx(r.Context(), c.opts.Latency); err != nil {
		return
	}
	if c.opts.APIKey != "" && r.Header.Get("Authorization") != "Bearer "+c.opts.APIKey {
		http.Error(w, `{"error":"invalid or missing API key"}`, http.StatusUnauthorized)
		return
	}
	if ok, after := c.quota.take(c.opts.Now()); !ok {
		c.stats.overQuota()
		httpFault(w, r, Fault{Kind: FaultRateLimited, RetryAfter: after})
		return
	}
	if f, ok := c.faults.take(MethodMetrics, "", FaultUnavailable, FaultRateLimited, FaultTimeout, FaultMalformedMetrics); ok {
		httpFault(w, r, f)
		return
	}
	q := r.URL.Query()
	body, complete := c.renderMetrics(splitValues(q["metrics"]), splitValues(q["namespaces"]))
	w.Header().Set("Content-Type", openMetricsType)
	completeness := "complete"
	if !complete {
		completeness = "limited"
	}
	w.Header().Set("X-Completeness", completeness)
	_, _ = w.Write([]byte(body))
}

// httpFault answers as the Metrics API does when it fails.
func httpFault(w http.ResponseWriter, r *http.Request, f Fault) {
	switch f.Kind {
	case FaultRateLimited:
		after := f.RetryAfter
		if after <= 0 {
			after = time.Second
		}
		secs := int((after + time.Second - 1) / time.Second)
		w.Header().Set("Retry-After", strconv.Itoa(secs))
		http.Error(w, `{"error":"rate limit exceeded"}`, http.StatusTooManyRequests)
	case FaultTimeout:
		if f.Delay > 0 {
			if sleepCtx(r.Context(), f.Delay) != nil {
				return
			}
		} else {
			<-r.Context().Done()
			return
		}
		http.Error(w, `{"error":"upstream timeout"}`, http.StatusGatewayTimeout)
	case FaultMalformedMetrics:
		w.Header().Set("Content-Type", openMetricsType)
		w.Header().Set("X-Completeness", "complete")
		_, _ = w.Write([]byte("# TYPE temporal_cloud_v1_total_action_count gauge\n" +
			"temporal_cloud_v1_total_action_count{temporal_namespace=\"payments.demo42\" 12.5 not-a-time\n" +
			"\x00\x01garbage{{{\n"))
	default:
		http.Error(w, `{"error":"service unavailable"}`, http.StatusServiceUnavailable)
	}
}

// splitValues accepts both repeated parameters and comma-separated lists.
func splitValues(vals []string) []string {
	var out []string
	for _, v := range vals {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

// pointLimit is the most points one response holds (0 = no limit).
func (c *Cloud) pointLimit() int {
	switch l := c.opts.MetricsPointLimit; {
	case l == 0:
		return DefaultMetricsPointLimit
	case l < 0:
		return 0
	default:
		return l
	}
}

// servedLocked is the namespaces one response serves: those the globs
// match, in order, whole, until the next would take the response over the
// point limit; complete is false when some were left out.
func (c *Cloud) servedLocked(metrics, globs []string) (served []*nsState, complete bool) {
	limit, points := c.pointLimit(), 0
	for _, id := range c.order {
		st := c.namespaces[id]
		if len(globs) > 0 && !capacity.MatchAnyNamespace(globs, st.cfg.ID) {
			continue
		}
		n := 0
		for _, m := range metricHelp {
			if len(metrics) == 0 || contains(metrics, m.name) {
				n += len(c.seriesLocked(m.name, st))
			}
		}
		if limit > 0 && points+n > limit {
			return served, false
		}
		points += n
		served = append(served, st)
	}
	return served, true
}

// renderMetrics is the exposition of the requested metrics for the
// namespaces servedLocked picks.
func (c *Cloud) renderMetrics(metrics, globs []string) (body string, complete bool) {
	c.mu.Lock()
	defer c.unlock()
	now := c.opts.Now()
	c.settleLocked(now)
	served, complete := c.servedLocked(metrics, globs)
	// The last completed minute, served about two minutes late like the real API.
	stamp := strconv.FormatInt(now.Truncate(time.Minute).Add(-2*time.Minute).UnixMilli(), 10)
	var sb strings.Builder
	for _, m := range metricHelp {
		if len(metrics) > 0 && !contains(metrics, m.name) {
			continue
		}
		fmt.Fprintf(&sb, "# TYPE %s gauge\n# HELP %s %s\n", m.name, m.name, m.help)
		for _, st := range served {
			for _, s := range c.seriesLocked(m.name, st) {
				fmt.Fprintf(&sb, "%s{%s} %s %s\n", m.name, s.labels, formatValue(s.value), stamp)
			}
		}
	}
	sb.WriteString("# EOF\n")
	return sb.String(), complete
}

type series struct {
	labels string
	value  float64
}

// seriesLocked is one metric's series for a namespace. Per the metrics
// reference, the envelope limit and TRU count carry no region label.
func (c *Cloud) seriesLocked(metric string, st *nsState) []series {
	n := st.cfg
	label := n.ID
	if c.opts.MetricsLabelForm == capacity.FormName {
		label = n.name()
	}
	base := fmt.Sprintf(`temporal_namespace="%s",temporal_account="%s"`, escape(label), escape(c.account))
	withRegion := base + fmt.Sprintf(`,region="%s"`, escape(n.Region))
	switch metric {
	case clients.MetricActionCount:
		return []series{
			{withRegion + `,is_background="false",namespace_mode="active"`, n.APS},
			{withRegion + `,is_background="true",namespace_mode="active"`, n.BackgroundAPS},
		}
	case clients.MetricActionLimit:
		return []series{{withRegion, n.apsLimit(st.current)}}
	case clients.MetricActionThrottled:
		return []series{{withRegion, n.ThrottledPerSec}}
	case clients.MetricProvisionedTRUs:
		trus := 0.0
		if st.current.Mode == clients.ModeProvisioned {
			trus = st.current.TRUs
		}
		return []series{{base, trus}}
	case clients.MetricOnDemandEnvelopeLimit:
		return []series{{base, n.OnDemandAPSLimit}}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// formatValue prints a float as OpenMetrics expects (always with a decimal
// point or exponent, like "12.0").
func formatValue(v float64) string {
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eEnN") {
		s += ".0"
	}
	return s
}

// labelEscaper escapes a label value; a Replacer is safe for concurrent use
// and costly to build, so there is one.
var labelEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

func escape(s string) string { return labelEscaper.Replace(s) }
