package metrics

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/capacitybot/capacitybot/clients"
)

// maxErrorBody is how much of an error response is quoted in the error.
const maxErrorBody = 200

// statusRule is one row of the classification table: an HTTP status of the
// Metrics API and what the bot makes of it.
type statusRule struct {
	status int
	kind   clients.ErrorKind
	// retry restates kind.Retryable() (which the activities act on) so that
	// the table reads whole; a test keeps the two equal.
	retry bool
}

// statusRules is the one place that classifies Metrics API answers. A status
// no row names is unclassified (KindInternal, shown as such). "documented"
// names the source; "assumed" says why (docs/real-services.md lists what
// happens if an assumption is wrong).
func statusRules() []statusRule {
	return []statusRule{
		// documented: Metrics API reference (180 requests per hour, then 429 with Retry-After).
		{status: http.StatusTooManyRequests, kind: clients.KindRateLimited, retry: true},
		// assumed: the docs say unauthenticated requests fail, not with which status.
		{status: http.StatusUnauthorized, kind: clients.KindPermission},
		// assumed: a key without the "Metrics Read-Only" role.
		{status: http.StatusForbidden, kind: clients.KindPermission},
		// assumed: a query the API refuses (e.g. an unknown metric name).
		{status: http.StatusBadRequest, kind: clients.KindInvalid},
		// assumed: the one path is /v1/metrics, so a wrong base URL; retrying cannot help.
		{status: http.StatusNotFound, kind: clients.KindInvalid},
		// assumed: HTTP meaning, a slow or dropped request.
		{status: http.StatusRequestTimeout, kind: clients.KindUnavailable, retry: true},
		// assumed: HTTP meaning, a passing fault of the service.
		{status: http.StatusInternalServerError, kind: clients.KindUnavailable, retry: true},
		// assumed: HTTP meaning, a passing fault in front of the service.
		{status: http.StatusBadGateway, kind: clients.KindUnavailable, retry: true},
		// assumed: HTTP meaning, overloaded or down for a while.
		{status: http.StatusServiceUnavailable, kind: clients.KindUnavailable, retry: true},
		// assumed: HTTP meaning, the service behind the gateway did not answer in time.
		{status: http.StatusGatewayTimeout, kind: clients.KindUnavailable, retry: true},
	}
}

// statusError turns a non-200 response into a *clients.Error whose kind tells
// the caller whether to retry, wait or tell a person, and which keeps the
// status, the start of the body and the request ID for that person.
func statusError(resp *http.Response, now time.Time) error {
	e := &clients.Error{
		Op:           opGetMetrics,
		Kind:         clients.KindInternal,
		Unclassified: true,
		Code:         fmt.Sprintf("HTTP %d", resp.StatusCode),
		Message:      bodySnippet(resp.Body),
		RequestID:    requestID(resp.Header),
	}
	for _, r := range statusRules() {
		if r.status == resp.StatusCode {
			e.Kind, e.Unclassified = r.kind, false
			break
		}
	}
	if e.Kind == clients.KindRateLimited {
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	}
	return e
}

// requestID returns the first request ID header of the response.
func requestID(h http.Header) string {
	for _, name := range clients.RequestIDHeaders() {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}

// parseRetryAfter reads Retry-After as delay-seconds or an HTTP date, and
// returns 0 when absent or unreadable (the caller then uses its own backoff).
func parseRetryAfter(h string, now time.Time) time.Duration {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		const maxSecs = int64(24 * time.Hour / time.Second)
		return time.Duration(min(secs, maxSecs)) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil {
		if d := t.Sub(now); d > 0 {
			return max(d.Round(time.Second), time.Second)
		}
	}
	return 0
}

// bodySnippet reads the start of an error body so that a person can see the
// server's reason (clients.Error keeps it on one line).
func bodySnippet(body io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(body, maxErrorBody))
	return string(b)
}
