package deploy

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.uber.org/zap"
	"sigs.k8s.io/yaml"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/app"
	"github.com/capacitybot/capacitybot/internal/health"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

const (
	alertsFile    = "prometheus/alerts.yaml"
	dashboardFile = "grafana/capacitybot.json"
	runbookFile   = "../docs/operations.md"
)

// served is what /metrics serves: each name (histograms with their
// _bucket, _sum and _count series) and each label's values.
type served map[string]map[string][]string

// scrape starts the health server over the metrics the binary builds, with
// the wiring that adds series at start (Slack adapter, Cloud clients,
// health), then one event of each kind whose series appear only on their
// first event, and reads /metrics over HTTP.
func scrape(t *testing.T) served {
	t.Helper()
	m := app.NewMetrics()
	ops, _, err := app.CloudClients(app.CloudOptions{OpsAPIKey: "k", MetricsAPIKey: "k"}, m, zap.NewNop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ops.Close() })
	slackbot.New(slackbot.Options{Metrics: m})

	// Series that appear on their first event: an API call, a Slack 429,
	// a key's expiry read.
	m.ObserveCloud(telemetry.APICloudOps, "GetNamespace", time.Now(), &clients.Error{Kind: clients.KindPermission})
	m.SlackRateWaits.WithLabelValues("chat.postMessage").Inc()
	m.SetKeyExpiry(telemetry.APICloudOps, time.Now().Add(30*24*time.Hour))

	hs := health.New("127.0.0.1:0", m, nil)
	if err := hs.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = hs.Shutdown(t.Context()) })
	resp, err := http.Get("http://" + hs.Addr() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("/metrics answered %d: %s", resp.StatusCode, body)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := served{}
	add := func(name string, ms []*dto.Metric) {
		labels := map[string][]string{}
		for _, m := range ms {
			for _, l := range m.GetLabel() {
				if !slices.Contains(labels[l.GetName()], l.GetValue()) {
					labels[l.GetName()] = append(labels[l.GetName()], l.GetValue())
				}
			}
		}
		out[name] = labels
	}
	for name, f := range fams {
		add(name, f.GetMetric())
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM, dto.MetricType_GAUGE_HISTOGRAM:
			add(name+"_bucket", f.GetMetric())
			out[name+"_bucket"]["le"] = []string{"any"}
			add(name+"_sum", f.GetMetric())
			add(name+"_count", f.GetMetric())
		case dto.MetricType_SUMMARY:
			add(name+"_sum", f.GetMetric())
			add(name+"_count", f.GetMetric())
		}
	}
	return out
}

// checkExpr reports what in expr /metrics does not serve.
func checkExpr(s served, expr string) []string {
	sels, err := scanPromQL(expr)
	if err != nil {
		return []string{err.Error()}
	}
	if len(sels) == 0 {
		return []string{"uses no metric"}
	}
	var bad []string
	for _, sel := range sels {
		labels, ok := s[sel.name]
		if !ok {
			bad = append(bad, fmt.Sprintf("metric %s is not served", sel.name))
			continue
		}
		for label, value := range sel.matchers {
			values, ok := labels[label]
			switch {
			case !ok:
				bad = append(bad, fmt.Sprintf("%s has no label %s", sel.name, label))
			case !slices.Contains(values, value):
				bad = append(bad, fmt.Sprintf("%s{%s=%q}: no such series (served values: %v)", sel.name, label, value, values))
			}
		}
	}
	return bad
}

// ruleFile is the Prometheus rule file format, decoded strictly.
type ruleFile struct {
	Groups []struct {
		Name     string `json:"name"`
		Interval string `json:"interval,omitempty"`
		Rules    []struct {
			Alert       string            `json:"alert"`
			Expr        string            `json:"expr"`
			For         string            `json:"for,omitempty"`
			Labels      map[string]string `json:"labels"`
			Annotations map[string]string `json:"annotations"`
		} `json:"rules"`
	} `json:"groups"`
}

// headingAnchors are the anchors of a Markdown file's headings, as GitHub
// makes them.
func headingAnchors(t *testing.T, path string) map[string]bool {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	drop := regexp.MustCompile(`[^a-z0-9 _-]`)
	out := map[string]bool{}
	for _, line := range strings.Split(string(raw), "\n") {
		if h := strings.TrimLeft(line, "#"); h != line && strings.HasPrefix(h, " ") {
			out[strings.ReplaceAll(drop.ReplaceAllString(strings.ToLower(strings.TrimSpace(h)), ""), " ", "-")] = true
		}
	}
	return out
}

// TestAlertRulesUseServedMetrics decodes the rules strictly, checks every
// expression against /metrics and every runbook against docs/operations.md.
func TestAlertRulesUseServedMetrics(t *testing.T) {
	raw, err := os.ReadFile(alertsFile)
	if err != nil {
		t.Fatal(err)
	}
	var rf ruleFile
	if err := yaml.UnmarshalStrict(raw, &rf); err != nil {
		t.Fatalf("%s: %v", alertsFile, err)
	}
	s := scrape(t)
	anchors := headingAnchors(t, runbookFile)
	seen := map[string]bool{}
	for _, g := range rf.Groups {
		if len(g.Rules) == 0 {
			t.Errorf("group %q has no rules", g.Name)
		}
		for _, r := range g.Rules {
			if r.Alert == "" || seen[r.Alert] {
				t.Errorf("alert %q: missing or repeated name", r.Alert)
			}
			seen[r.Alert] = true
			for _, problem := range checkExpr(s, r.Expr) {
				t.Errorf("alert %s: %s", r.Alert, problem)
			}
			if r.For != "" {
				if _, err := model.ParseDuration(r.For); err != nil {
					t.Errorf("alert %s: for %q: %v", r.Alert, r.For, err)
				}
			}
			if sev := r.Labels["severity"]; sev != "warning" && sev != "critical" {
				t.Errorf("alert %s: severity %q, want warning or critical", r.Alert, sev)
			}
			for _, a := range []string{"summary", "description", "runbook"} {
				if r.Annotations[a] == "" {
					t.Errorf("alert %s has no %s annotation", r.Alert, a)
				}
			}
			anchor, ok := strings.CutPrefix(r.Annotations["runbook"], "docs/operations.md#")
			if !ok || !anchors[anchor] {
				t.Errorf("alert %s: runbook %q is not a heading of %s", r.Alert, r.Annotations["runbook"], runbookFile)
			}
		}
	}
	if len(seen) == 0 {
		t.Fatal("no alert rules")
	}
}

// dashboard is the part of a Grafana dashboard that holds queries.
type dashboard struct {
	Title  string  `json:"title"`
	UID    string  `json:"uid"`
	Panels []panel `json:"panels"`
}

type panel struct {
	Title   string  `json:"title"`
	Type    string  `json:"type"`
	Panels  []panel `json:"panels"` // a collapsed row's panels
	Targets []struct {
		Expr string `json:"expr"`
	} `json:"targets"`
}

// TestDashboardUsesServedMetrics checks every panel query against /metrics.
func TestDashboardUsesServedMetrics(t *testing.T) {
	raw, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	if d.UID == "" || d.Title == "" {
		t.Error("the dashboard needs a uid and a title")
	}
	s := scrape(t)
	queries := 0
	var walk func(ps []panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			walk(p.Panels)
			if p.Type == "row" {
				continue
			}
			if len(p.Targets) == 0 {
				t.Errorf("panel %q has no query", p.Title)
			}
			for _, q := range p.Targets {
				queries++
				// Grafana's interval variables stand for a duration.
				expr := strings.NewReplacer("$__rate_interval", "5m", "$__interval", "1m", "$__range", "1h").Replace(q.Expr)
				for _, problem := range checkExpr(s, expr) {
					t.Errorf("panel %q: %s", p.Title, problem)
				}
			}
		}
	}
	walk(d.Panels)
	if queries == 0 {
		t.Fatal("no queries in the dashboard")
	}
}

// TestScannerFindsNamesAndRejectsBrokenSyntax keeps the checks above able to
// fail.
func TestScannerFindsNamesAndRejectsBrokenSyntax(t *testing.T) {
	s := served{
		"up_total": {"kind": {"permission"}},
		"b_bucket": {"le": {"any"}},
	}
	tests := []struct {
		expr string
		want []string // problems; nil when none
	}{
		{`sum by (kind) (rate(up_total{kind="permission"}[5m])) > 0.8`, nil},
		{`histogram_quantile(0.9, sum by (le) (rate(b_bucket[5m]))) and on(instance) up_total offset 5m`, nil},
		{`rate(up_totl[5m])`, []string{"metric up_totl is not served"}},
		{`up_total{kind="permision"}`, []string{`up_total{kind="permision"}: no such series (served values: [permission])`}},
		{`up_total{knd="permission"}`, []string{"up_total has no label knd"}},
		{`sum(rate(up_total[5m])`, []string{`unclosed "("`}},
		{`up_total{kind="x}`, []string{"malformed matcher after up_total at 9"}},
		{`sum(1)`, []string{"uses no metric"}},
	}
	for _, tt := range tests {
		got := checkExpr(s, tt.expr)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%s: problems %q, want %q", tt.expr, got, tt.want)
		}
	}
	if _, err := scanPromQL(`a)`); err == nil || !strings.Contains(err.Error(), "unbalanced") {
		t.Errorf("a): %v, want unbalanced", err)
	}
	if _, err := scanPromQL(`a{b="c"`); err == nil {
		t.Error(`a{b="c": no error, want a malformed matcher`)
	}
}
