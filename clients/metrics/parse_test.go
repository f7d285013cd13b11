package metrics

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

const (
	mCount     = clients.MetricActionCount
	mLimit     = clients.MetricActionLimit
	mThrottled = clients.MetricActionThrottled
	mTRUs      = clients.MetricProvisionedTRUs
	mEnvelope  = clients.MetricOnDemandEnvelopeLimit
)

// usage is the part of a NamespaceUsage a test case checks.
type usage struct {
	aps, bg, limit, throttled, trus, envelope float64
	unreadable                                string
}

func usageOf(u clients.NamespaceUsage) usage {
	return usage{u.ActionsPerSecond, u.BackgroundAPS, u.ActionLimit, u.ThrottledPerSecond, u.ProvisionedTRUs, u.OnDemandEnvelopeLimit, u.Unreadable}
}

func approxEqual(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func (u usage) approxEqual(o usage) bool {
	return approxEqual(u.aps, o.aps) && approxEqual(u.bg, o.bg) && approxEqual(u.limit, o.limit) &&
		approxEqual(u.throttled, o.throttled) && approxEqual(u.trus, o.trus) && approxEqual(u.envelope, o.envelope) &&
		u.unreadable == o.unreadable
}

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		body     string
		want     map[string]usage
		warnings []string // substrings, each expected in some warning
	}{
		{
			name: "empty body",
			body: "",
			want: map[string]usage{},
		},
		{
			name: "only EOF",
			body: "# EOF\n",
			want: map[string]usage{},
		},
		{
			name: "all five metrics, OpenMetrics with UNIT, HELP and EOF",
			body: `# TYPE temporal_cloud_v1_total_action_count gauge
# HELP temporal_cloud_v1_total_action_count Actions per second.
# UNIT temporal_cloud_v1_total_action_count actions
temporal_cloud_v1_total_action_count{temporal_namespace="pay.acct",is_background="false",namespace_mode="active"} 120.5 1609459200000
temporal_cloud_v1_action_limit{temporal_namespace="pay.acct"} 500 1609459200000
temporal_cloud_v1_total_action_throttled_count{temporal_namespace="pay.acct"} 0.25 1609459200000
temporal_cloud_v1_provisioned_capacity_tru_count{temporal_namespace="pay.acct"} 2 1609459200000
temporal_cloud_v1_action_on_demand_envelope_limit{temporal_namespace="pay.acct"} 400 1609459200000
# EOF
`,
			want: map[string]usage{"pay.acct": {aps: 120.5, limit: 500, throttled: 0.25, trus: 2, envelope: 400}},
		},
		{
			name: "scientific notation",
			body: mCount + `{temporal_namespace="a"} 1.5e2
` + mLimit + `{temporal_namespace="a"} 5E+02
` + mThrottled + `{temporal_namespace="a"} 2.5e-3
`,
			want: map[string]usage{"a": {aps: 150, limit: 500, throttled: 0.0025}},
		},
		{
			name: "NaN and Inf skipped with warnings, never summed, the namespace unreadable",
			body: mCount + `{temporal_namespace="a",is_background="false"} NaN
` + mCount + `{temporal_namespace="a",is_background="false"} 3
` + mCount + `{temporal_namespace="a",is_background="true"} +Inf
` + mLimit + `{temporal_namespace="a"} -Inf
` + mLimit + `{temporal_namespace="a"} 500
`,
			want: map[string]usage{"a": {aps: 3, limit: 500, unreadable: "the Metrics API served a NaN value of " + mCount +
				"; the Metrics API served an infinite value of " + mLimit + "; the Metrics API served an infinite value of " + mCount}},
			warnings: []string{"NaN value of " + mCount, "infinite value of " + mCount, "infinite value of " + mLimit},
		},
		{
			name: "negative values skipped with a warning, the namespace unreadable",
			body: mCount + `{temporal_namespace="a"} -5
` + mCount + `{temporal_namespace="a"} 7
` + mTRUs + `{temporal_namespace="a"} -1
`,
			want: map[string]usage{"a": {aps: 7, unreadable: "the Metrics API served a negative value of " + mTRUs +
				"; the Metrics API served a negative value of " + mCount}},
			warnings: []string{"namespace a: the Metrics API served a negative value of " + mCount, "negative value of " + mTRUs},
		},
		{
			name: "a sample that would make a sum infinite skipped with a warning",
			body: mCount + `{temporal_namespace="a"} 1.5e308
` + mCount + `{temporal_namespace="a"} 1.5e308
` + mThrottled + `{temporal_namespace="a"} 1e308
` + mThrottled + `{temporal_namespace="a"} 1e308
`,
			want: map[string]usage{"a": {aps: 1.5e308, throttled: 1e308, unreadable: "the values of " + mCount +
				" add up to infinity; the values of " + mThrottled + " add up to infinity"}},
			warnings: []string{"namespace a: the values of " + mCount + " add up to infinity", "values of " + mThrottled},
		},
		{
			name: "a namespace with only unusable samples is unreadable, neither absent nor zero",
			body: mCount + `{temporal_namespace="a"} NaN
` + mCount + `{temporal_namespace="b"} 1
`,
			want:     map[string]usage{"a": {unreadable: "the Metrics API served a NaN value of " + mCount}, "b": {aps: 1}},
			warnings: []string{"NaN value"},
		},
		{
			name: "escaped label values and a brace inside quotes",
			body: mCount + `{temporal_namespace="we\"ird\\ns\n}x",region="a}b"} 4
` + mCount + `{region="}{\"",temporal_namespace="we\"ird\\ns\n}x"} 6
`,
			want: map[string]usage{"we\"ird\\ns\n}x": {aps: 10}},
		},
		{
			name: "several series per namespace are summed, never last-wins",
			body: mCount + `{temporal_namespace="a",is_background="false",region="aws-us-east-1"} 10
` + mCount + `{temporal_namespace="a",is_background="false",region="aws-us-west-2"} 20
` + mCount + `{temporal_namespace="b",is_background="false",region="aws-us-west-2"} 1
` + mThrottled + `{temporal_namespace="a",region="aws-us-east-1"} 1
` + mThrottled + `{temporal_namespace="a",region="aws-us-west-2"} 2
`,
			want: map[string]usage{"a": {aps: 30, throttled: 3}, "b": {aps: 1}},
		},
		{
			name: "limit, TRUs and envelope take the max over series",
			body: mLimit + `{temporal_namespace="a",region="r1"} 500
` + mLimit + `{temporal_namespace="a",region="r2"} 1500
` + mLimit + `{temporal_namespace="a",region="r3"} 1000
` + mTRUs + `{temporal_namespace="a",region="r1"} 3
` + mTRUs + `{temporal_namespace="a",region="r2"} 3
` + mEnvelope + `{temporal_namespace="a",region="r1"} 400
` + mEnvelope + `{temporal_namespace="a",region="r2"} 350
`,
			want: map[string]usage{"a": {limit: 1500, trus: 3, envelope: 400}},
		},
		{
			name: "bare and account-qualified namespace labels kept as served",
			body: mCount + `{temporal_namespace="payments"} 1
` + mCount + `{temporal_namespace="orders.acct1"} 2
`,
			want: map[string]usage{"payments": {aps: 1}, "orders.acct1": {aps: 2}},
		},
		{
			name: "lines without temporal_namespace and unknown metrics ignored",
			body: mCount + `{region="r1"} 99
` + mCount + ` 98
` + mCount + `{temporal_namespace=""} 97
temporal_cloud_v1_service_request_count{temporal_namespace="a"} 50
temporal_cloud_v1_action_count{temporal_namespace="a"} 51
` + mCount + `{temporal_namespace="a"} 1
`,
			want: map[string]usage{"a": {aps: 1}},
		},
		{
			name: "is_background splits foreground and background; missing label is foreground",
			body: mCount + `{temporal_namespace="a",is_background="false"} 10
` + mCount + `{temporal_namespace="a",is_background="true"} 4
` + mCount + `{temporal_namespace="a"} 1
` + mCount + `{temporal_namespace="a",is_background="TRUE"} 2
`,
			want: map[string]usage{"a": {aps: 11, bg: 6}},
		},
		{
			name: "standby series not counted",
			body: mCount + `{temporal_namespace="a",is_background="false",namespace_mode="active"} 10
` + mCount + `{temporal_namespace="a",is_background="false",namespace_mode="standby"} 10
` + mCount + `{temporal_namespace="a",is_background="true",namespace_mode="standby"} 3
` + mCount + `{temporal_namespace="only-standby",is_background="false",namespace_mode="standby"} 10
`,
			want: map[string]usage{"a": {aps: 10}},
		},
		{
			name: "unknown OpenMetrics types tolerated",
			body: `# TYPE ` + mCount + ` unknown
` + mCount + `{temporal_namespace="a"} 1
# TYPE other_metric stateset
other_metric{temporal_namespace="a"} 1
# TYPE ` + mLimit + ` counter
` + mLimit + `{temporal_namespace="a"} 500
`,
			want:     map[string]usage{"a": {aps: 1, limit: 500}},
			warnings: []string{mLimit + ` is declared as "counter"`},
		},
		{
			name: "repeated TYPE and HELP lines tolerated",
			body: `# TYPE ` + mCount + ` gauge
# HELP ` + mCount + ` one
` + mCount + `{temporal_namespace="a"} 1
# TYPE ` + mCount + ` gauge
# HELP ` + mCount + ` two
` + mCount + `{temporal_namespace="a"} 2
`,
			want: map[string]usage{"a": {aps: 3}},
		},
		{
			name: "timestamps in ms, float seconds, integer seconds; exemplar; CRLF; no final newline",
			body: mCount + `{temporal_namespace="a"} 1 1609459200000` + "\r\n" +
				mCount + `{temporal_namespace="b"} 1 1609459200.5 # {trace_id="x"} 1.0` + "\n" +
				mCount + `{temporal_namespace="c"} 1 1609459200`,
			want: map[string]usage{"a": {aps: 1}, "b": {aps: 1}, "c": {aps: 1}},
		},
		{
			name: "data after EOF ignored with a warning",
			body: mCount + `{temporal_namespace="a"} 1
# EOF
` + mCount + `{temporal_namespace="a"} 100
`,
			want:     map[string]usage{"a": {aps: 1}},
			warnings: []string{"after the # EOF"},
		},
		{
			name: "metric name inside braces (UTF-8 form)",
			body: `{"` + mCount + `",temporal_namespace="a"} 5
`,
			want: map[string]usage{"a": {aps: 5}},
		},
		{
			name: "non-ASCII label values, escaped and not",
			body: mCount + `{temporal_namespace="naïve-ns",region="zürich"} 2
` + mCount + `{temporal_namespace="naïve-ns",region="z\"ü\\rich\n"} 3
`,
			want: map[string]usage{"naïve-ns": {aps: 5}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := Parse(strings.NewReader(tt.body))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkUsage(t, snap, tt.want)
			for _, w := range tt.warnings {
				if !containsSubstring(snap.Warnings, w) {
					t.Errorf("warnings %q lack %q", snap.Warnings, w)
				}
			}
			if len(tt.warnings) == 0 && len(snap.Warnings) > 0 {
				t.Errorf("unexpected warnings %q", snap.Warnings)
			}
		})
	}
}

// checkUsage compares a snapshot's namespaces with want.
func checkUsage(t *testing.T, snap clients.UsageSnapshot, want map[string]usage) {
	t.Helper()
	if snap.Namespaces == nil {
		t.Fatal("Namespaces is nil, want an empty map at least")
	}
	got := make(map[string]usage, len(snap.Namespaces))
	for ns, u := range snap.Namespaces {
		if u.Namespace != ns {
			t.Errorf("namespace %q stored with Namespace %q", ns, u.Namespace)
		}
		got[ns] = usageOf(u)
	}
	if len(got) != len(want) {
		t.Fatalf("namespaces = %v, want %v", got, want)
	}
	for ns, w := range want {
		if g, ok := got[ns]; !ok || !g.approxEqual(w) {
			t.Errorf("namespace %q = %+v, want %+v", ns, g, w)
		}
	}
}

func containsSubstring(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// TestParseTimestamps checks both timestamp units an OpenMetrics body may
// carry (seconds as the format says, milliseconds as the Metrics API serves)
// and the Prometheus text format's integer milliseconds.
func TestParseTimestamps(t *testing.T) {
	base := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		format bodyFormat
		ts     string // "" for none
		want   time.Time
	}{
		{"OpenMetrics milliseconds", formatOpenMetrics, "1609459200000", base},
		{"OpenMetrics fractional milliseconds", formatOpenMetrics, "1609459200000.6", base.Add(time.Millisecond)},
		{"OpenMetrics integer seconds", formatOpenMetrics, "1609459200", base},
		{"OpenMetrics fractional seconds", formatOpenMetrics, "1609459200.25", base.Add(250 * time.Millisecond)},
		{"OpenMetrics seconds in exponent form", formatOpenMetrics, "1.6094592e9", base},
		{"OpenMetrics seconds just below the millisecond cut", formatOpenMetrics, "99999999999", time.UnixMilli(99999999999000).UTC()},
		{"OpenMetrics milliseconds at the cut", formatOpenMetrics, "100000000000", time.UnixMilli(100000000000).UTC()},
		{"Prometheus text milliseconds", formatPromText, "1609459200000", base},
		{"no timestamp", formatOpenMetrics, "", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := mCount + `{temporal_namespace="a"} 1 ` + tt.ts + "\n"
			snap, err := parse(strings.NewReader(body), tt.format)
			if err != nil {
				t.Fatal(err)
			}
			if got := snap.Namespaces["a"].Timestamp; !got.Equal(tt.want) {
				t.Errorf("timestamp = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseLatestTimestampPerNamespace(t *testing.T) {
	body := mCount + `{temporal_namespace="a"} 1 1609459200000
` + mLimit + `{temporal_namespace="a"} 500 1609459260
` + mTRUs + `{temporal_namespace="a"} 0 1609459230000
# EOF
`
	snap, err := Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2021, 1, 1, 0, 1, 0, 0, time.UTC)
	if got := snap.Namespaces["a"].Timestamp; !got.Equal(want) {
		t.Errorf("timestamp = %v, want the latest, %v", got, want)
	}
}

// TestParseFormats checks what differs between the two formats: OpenMetrics
// ends at "# EOF" and takes timestamps in seconds; Prometheus text has no
// end marker and takes integer milliseconds only.
func TestParseFormats(t *testing.T) {
	tests := []struct {
		name    string
		format  bodyFormat
		body    string
		want    map[string]usage
		wantErr string
	}{
		{"text: # EOF is a comment", formatPromText,
			mCount + `{temporal_namespace="a"} 1` + "\n# EOF\n" + mCount + `{temporal_namespace="a"} 2` + "\n",
			map[string]usage{"a": {aps: 3}}, ""},
		{"text: fractional timestamp refused", formatPromText,
			mCount + `{temporal_namespace="a"} 1 1609459200.5` + "\n", nil, "integer milliseconds"},
		{"OpenMetrics: fractional timestamp read", formatOpenMetrics,
			mCount + `{temporal_namespace="a"} 1 1609459200.5` + "\n# EOF\n", map[string]usage{"a": {aps: 1}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := parse(strings.NewReader(tt.body), tt.format)
			if tt.wantErr != "" {
				if clients.KindOf(err) != clients.KindMalformed || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want KindMalformed containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkUsage(t, snap, tt.want)
		})
	}
}

func TestFormatOf(t *testing.T) {
	tests := []struct {
		contentType string
		want        bodyFormat
	}{
		{"application/openmetrics-text; version=1.0.0; charset=utf-8", formatOpenMetrics},
		{"application/openmetrics-text", formatOpenMetrics},
		{"text/plain; version=0.0.4; charset=utf-8", formatPromText},
		{"text/plain;version=0.0.4", formatPromText},
		{"text/plain", formatPromText},
		{"text/plain; version=1.0.0", formatOpenMetrics},
		{"application/json", formatOpenMetrics},
		{"", formatOpenMetrics},
	}
	for _, tt := range tests {
		if got := formatOf(tt.contentType); got != tt.want {
			t.Errorf("formatOf(%q) = %v, want %v", tt.contentType, got, tt.want)
		}
	}
}

func TestParseMalformed(t *testing.T) {
	tests := []struct {
		name string
		body string
		want string // substring of the error
	}{
		{"value not a number", mCount + `{temporal_namespace="a"} abc` + "\n", "line 1"},
		{"hex value", mCount + `{temporal_namespace="a"} 0x1p3` + "\n", "line 1"},
		{"missing value", "ok_metric 1\n" + mCount + `{temporal_namespace="a"}` + "\n", "line 2"},
		{"unterminated labels", mCount + `{temporal_namespace="a} 1` + "\n", "unterminated"},
		{"bad timestamp", mCount + `{temporal_namespace="a"} 1 yesterday` + "\n", "invalid timestamp"},
		{"timestamp out of range", mCount + `{temporal_namespace="a"} 1 1e300` + "\n", "out of range"},
		{"text after timestamp", mCount + `{temporal_namespace="a"} 1 2 3` + "\n", "after timestamp"},
		{"bad escape", mCount + `{temporal_namespace="a\q"} 1` + "\n", "line 1"},
		{"missing quote", mCount + `{temporal_namespace=a} 1` + "\n", "line 1"},
		{"malformed TYPE", "# TYPE " + mCount + "\n", "malformed TYPE"},
		{"garbage type word", "# TYPE " + mCount + " gau-ge\n", "malformed metric type"},
		{"text after EOF marker", "# EOF now\n", "after # EOF"},
		{"html error page", "<html><body>502 Bad Gateway</body></html>\n", "line 1"},
		{"invalid UTF-8 in a label value", mCount + "{temporal_namespace=\"a\xff\"} 1\n", "line 1"},
		{"invalid UTF-8 in an escaped label value", mCount + "{temporal_namespace=\"a\\n\xc3\"} 1\n", "line 1"},
		{"invalid UTF-8 on a later label", mCount + "{temporal_namespace=\"a\",region=\"\xe2\x82\"} 1\n", "line 1"},
		{"duplicate label", mCount + `{temporal_namespace="a",temporal_namespace="b"} 1` + "\n", "line 1"},
		{"NaN timestamp", mCount + `{temporal_namespace="a"} 1 NaN` + "\n", "invalid timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.body))
			if err == nil {
				t.Fatal("Parse succeeded, want an error")
			}
			var ce *clients.Error
			if !errors.As(err, &ce) || ce.Kind != clients.KindMalformed {
				t.Fatalf("error %v is not a KindMalformed *clients.Error", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q lacks %q", err, tt.want)
			}
		})
	}
}

func TestParseWarningsAreBounded(t *testing.T) {
	var b strings.Builder
	for i := range 1000 {
		b.WriteString(mCount + `{temporal_namespace="ns` + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + `"} NaN` + "\n")
	}
	snap, err := Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Warnings) != maxWarnings+1 {
		t.Fatalf("got %d warnings, want %d", len(snap.Warnings), maxWarnings+1)
	}
	if last := snap.Warnings[maxWarnings]; !strings.Contains(last, "980 more warnings") {
		t.Errorf("last warning = %q, want a count of the 980 left out", last)
	}
}

func TestParseLongLines(t *testing.T) {
	manyLabels := func(n int, dup bool) string {
		var b strings.Builder
		b.WriteString(mCount + `{temporal_namespace="a"`)
		for i := range n {
			fmt.Fprintf(&b, `,l%d="%s"`, i, strings.Repeat("v", 10))
		}
		if dup {
			b.WriteString(`,l3="again"`)
		}
		b.WriteString("} 2\n")
		return b.String()
	}
	tests := []struct {
		name    string
		body    string
		wantErr string // "" for success with aps 2
	}{
		{"many labels", manyLabels(300, false), ""},
		{"duplicate among many labels", manyLabels(300, true), "duplicate label"},
		{"long label value", mCount + `{temporal_namespace="a",x="` + strings.Repeat("y", 200<<10) + `"} 2` + "\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap, err := Parse(strings.NewReader(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if u := snap.Namespaces["a"]; u.ActionsPerSecond != 2 {
				t.Errorf("aps = %v, want 2", u.ActionsPerSecond)
			}
		})
	}
}

type failingReader struct{ n int }

func (r *failingReader) Read(p []byte) (int, error) {
	if r.n > 0 {
		r.n--
		return copy(p, mCount+`{temporal_namespace="a"} 1`+"\n"), nil
	}
	return 0, errors.New("connection reset")
}

func TestParseReadError(t *testing.T) {
	_, err := Parse(&failingReader{n: 3})
	if clients.KindOf(err) != clients.KindUnavailable || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("err = %v, want KindUnavailable wrapping the read error", err)
	}
}
