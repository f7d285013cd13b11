// Package metrics reads action-rate usage from the Temporal Cloud Metrics API
// (OpenMetrics over HTTPS) for every namespace of the account: in one call
// when the account fits the API's 30,000 points a response, else in batches
// of namespace globs (plan.go), within an hourly request budget (budget.go).
package metrics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// DefaultBaseURL is the Temporal Cloud Metrics API.
const DefaultBaseURL = "https://metrics.temporal.io"

const (
	opGetMetrics = "GetMetrics"
	// acceptHeader asks for OpenMetrics and accepts classic Prometheus text,
	// which is read when the response's Content-Type says so.
	acceptHeader = "application/openmetrics-text; version=1.0.0,text/plain;version=0.0.4;q=0.5"
	// maxBodyBytes bounds what is read: 30,000 points (the API's cap) of a few
	// hundred bytes each is well under it.
	maxBodyBytes = 64 << 20
	// defaultTimeout applies when no HTTP client is given.
	defaultTimeout = 30 * time.Second
)

// HourlyRequestLimit is the Metrics API's request allowance per hour
// (documented: Metrics API reference; beyond it the API answers 429), served
// as a metric so that an alert can compare the requests made with it.
const HourlyRequestLimit = 180

// Options configures a Client. Only APIKey is required.
type Options struct {
	BaseURL    string // default DefaultBaseURL; a simulated endpoint in tests
	APIKey     string // a "Metrics Read-Only" service account key
	HTTPClient *http.Client
	Metrics    *telemetry.Metrics // may be nil
	// BudgetPerHour is the bot's share of the account's HourlyRequestLimit
	// (METRICS_API_BUDGET_PER_HOUR; 0 = DefaultBudgetPerHour). No hour ever
	// holds more of the bot's requests (all replicas' once ShareBudget is
	// called, else this process's); analyses and reports wait for room, the
	// watch checks less often (see watchPace).
	BudgetPerHour int
	// WatchInterval is the throttling watch's configured interval (0 = no
	// watch), the shortest it may keep.
	WatchInterval time.Duration
	// MaxRequestsPerScrape bounds one scrape (0 = defaultMaxRequests):
	// namespaces still unread then are marked unreadable.
	MaxRequestsPerScrape int
	Clock                Clock       // default the wall clock
	Logger               *zap.Logger // may be nil
}

// defaultMaxRequests bounds a scrape's requests: a 20,000-namespace account
// needs about six once its shape is known.
const defaultMaxRequests = 60

// Client reads usage from the Metrics API. It is safe for concurrent use.
type Client struct {
	baseURL     string
	apiKey      string
	http        *http.Client
	metrics     *telemetry.Metrics
	logger      *zap.Logger
	clock       Clock
	budget      *requestBudget
	maxRequests int
	watch       *watchPace

	mu    sync.Mutex
	known knowledge // points per namespace label at the last scrape
}

// New returns a Client. It does not contact the API.
func New(opts Options) *Client {
	base := strings.TrimRight(opts.BaseURL, "/")
	if base == "" {
		base = DefaultBaseURL
	}
	hc := opts.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: defaultTimeout}
	}
	if opts.BudgetPerHour <= 0 {
		opts.BudgetPerHour = DefaultBudgetPerHour
	}
	if opts.MaxRequestsPerScrape <= 0 {
		opts.MaxRequestsPerScrape = defaultMaxRequests
	}
	if opts.Clock == nil {
		opts.Clock = realClock{}
	}
	if opts.Logger == nil {
		opts.Logger = zap.NewNop()
	}
	return &Client{baseURL: base, apiKey: opts.APIKey, http: hc, metrics: opts.Metrics, logger: opts.Logger,
		clock: opts.Clock, budget: newRequestBudget(opts.BudgetPerHour, opts.Clock, opts.Logger), maxRequests: opts.MaxRequestsPerScrape,
		watch: newWatchPace(opts.WatchInterval, opts.BudgetPerHour, opts.Metrics, opts.Logger), known: knowledge{}}
}

// ShareBudget makes every later request ask s, the budget the replicas
// share, instead of this process's own window (kept as the fallback when s
// cannot be reached). The wiring calls it once Temporal is up.
func (c *Client) ShareBudget(s SharedBudget) {
	c.budget.mu.Lock()
	defer c.budget.mu.Unlock()
	c.budget.shared, c.budget.sharedDown = s, false
}

// BudgetPerHour is the requests per hour this client allows itself.
func (c *Client) BudgetPerHour() int { return c.budget.perHour }

// Probe makes one request of every namespace, the first FetchUsage makes,
// and says what the response held, for `capacitybot check`. It spends one
// request of the budget.
func (c *Client) Probe(ctx context.Context) (Probe, error) {
	if err := c.budget.take(ctx); err != nil {
		return Probe{}, err
	}
	p, _, err := c.request(ctx, nil, true)
	return p, err
}

// Probe is what one Metrics API response held.
type Probe struct {
	Status       int    // HTTP status
	Completeness string // X-Completeness, normalised
	Series       int    // distinct series (metric name and label set); counted by Probe only
	Points       int    // data points
	Snapshot     clients.UsageSnapshot
}

// request is one Metrics API request for the namespaces the globs match
// (nil: all), parsed, with the points each namespace label returned;
// countSeries also counts the distinct series, which costs a string per
// point.
func (c *Client) request(ctx context.Context, globs []string, countSeries bool) (p Probe, learnt knowledge, err error) {
	start := time.Now()
	defer func() { c.metrics.ObserveCloud(telemetry.APIMetrics, opGetMetrics, start, err) }()

	req, err := c.newRequest(ctx, globs)
	if err != nil {
		return Probe{}, nil, &clients.Error{Op: opGetMetrics, Kind: clients.KindInvalid, Err: err}
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return Probe{}, nil, &clients.Error{Op: opGetMetrics, Kind: clients.KindUnavailable, Err: fmt.Errorf("calling the Metrics API: %w", redactURLError(err))}
	}
	defer resp.Body.Close()

	p.Status = resp.StatusCode
	if resp.StatusCode != http.StatusOK {
		return p, nil, statusError(resp, time.Now())
	}
	body := io.LimitReader(resp.Body, maxBodyBytes+1)
	counted := &countingReader{r: body}
	agg := newAggregator()
	families, err := readFamilies(counted, formatOf(resp.Header.Get("Content-Type")), agg.warn)
	if counted.n > maxBodyBytes {
		// Checked first: a body cut at the limit may also fail to parse.
		return p, nil, &clients.Error{Op: opGetMetrics, Kind: clients.KindMalformed,
			Err: fmt.Errorf("metrics response larger than %d bytes", maxBodyBytes)}
	}
	if err != nil {
		var ce *clients.Error
		if errors.As(err, &ce) {
			ce.Op = opGetMetrics
		}
		return p, nil, err
	}
	feed(families, agg.add)
	p.Points, p.Series = countPoints(families, countSeries)
	snap := agg.snapshot()
	snap.Completeness = completeness(resp.Header.Get("X-Completeness"))
	if snap.Completeness != "complete" {
		snap.Warnings = append([]string{completenessWarning(snap.Completeness)}, snap.Warnings...)
	}
	p.Completeness, p.Snapshot = snap.Completeness, snap
	return p, pointsByLabel(families), nil
}

func (c *Client) newRequest(ctx context.Context, globs []string) (*http.Request, error) {
	q := url.Values{}
	for _, name := range clients.UsageMetricNames {
		q.Add("metrics", name)
	}
	for _, g := range globs {
		q.Add("namespaces", g)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.baseURL+"/v1/metrics?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("building the Metrics API request: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.apiKey)
	req.Header.Set("Accept", acceptHeader)
	return req, nil
}

// completeness normalises the X-Completeness header; a missing one is
// "unknown", never "complete".
func completeness(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if h == "" {
		return "unknown"
	}
	return h
}

func completenessWarning(c string) string {
	switch c {
	case completenessLimited:
		return "the Metrics API says the data is limited: some namespaces or series may be missing"
	case "unknown":
		return "the Metrics API did not say whether the data is complete: some namespaces or series may be missing"
	default:
		return fmt.Sprintf("the Metrics API marked the data as %q: some namespaces or series may be missing", clip([]byte(c)))
	}
}

// countingReader counts the bytes read so that an over-long body is noticed.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// redactURLError drops the request URL from a transport error. The URL holds
// no secret today, but a base URL configured with credentials in it would.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", ue.Op, ue.Err)
	}
	return err
}
