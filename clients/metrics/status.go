package metrics

import (
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/capacitybot/capacitybot/clients"
)

// maxErrorBody is how much of an error response is quoted in the error.
const maxErrorBody = 200

// statusError turns a non-200 response into a *clients.Error whose kind tells
// the caller whether to retry, wait or tell a person.
func statusError(resp *http.Response, now time.Time) error {
	e := &clients.Error{Op: opGetMetrics}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests:
		e.Kind = clients.KindRateLimited
		e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"), now)
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		e.Kind = clients.KindPermission
	case code >= 500, code == http.StatusRequestTimeout:
		e.Kind = clients.KindUnavailable
	case code >= 400:
		e.Kind = clients.KindInvalid
	default:
		// 1xx/3xx that the HTTP client did not resolve, or another 2xx.
		e.Kind = clients.KindMalformed
	}
	e.Err = fmt.Errorf("metrics API returned HTTP %d%s", resp.StatusCode, bodySnippet(resp.Body))
	return e
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

// bodySnippet quotes the start of an error body so that a person can see the
// server's reason, on one line and without control characters.
func bodySnippet(body io.Reader) string {
	b, _ := io.ReadAll(io.LimitReader(body, maxErrorBody))
	s := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, string(b))
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	return ": " + s
}
