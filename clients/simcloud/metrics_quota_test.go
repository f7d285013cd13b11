package simcloud

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestMetricsHourlyLimit(t *testing.T) {
	const limit = 5
	c, clock := startCloud(t, DemoAccount(), Options{MetricsHourlyLimit: limit})
	// Spread the allowed requests over ten minutes: the first leaves the
	// window first.
	for i := range limit {
		if resp, body := scrape(t, c, "", testKey); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d of %d: %d %s", i+1, limit, resp.StatusCode, body)
		}
		clock.Advance(2 * time.Minute)
	}
	// 10 minutes after the first request: it leaves the hour in 50 minutes.
	resp, _ := scrape(t, c, "", testKey)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("request over the limit: %d, want 429", resp.StatusCode)
	}
	if got := resp.Header.Get("Retry-After"); got != strconv.Itoa(50*60) {
		t.Fatalf("Retry-After = %q, want %d", got, 50*60)
	}
	// Refused requests do not count; the window slides.
	clock.Advance(50*time.Minute - time.Second)
	if resp, _ := scrape(t, c, "", testKey); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "1" {
		t.Fatalf("a second before the window frees: %d Retry-After %q, want 429 after 1s", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	clock.Advance(time.Second)
	if resp, body := scrape(t, c, "", testKey); resp.StatusCode != http.StatusOK {
		t.Fatalf("after the oldest request left the hour: %d %s", resp.StatusCode, body)
	}
	if resp, _ := scrape(t, c, "", testKey); resp.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the freed slot was used: %d, want 429", resp.StatusCode)
	}
	if s := c.Stats(); s.MetricsOverQuota != 3 || s.RateViolations != 0 || s.Calls[MethodMetrics] != limit+4 {
		t.Fatalf("stats = %+v, want 3 refused of %d Metrics calls and no gRPC violations", s, limit+4)
	}
}

func TestMetricsHourlyLimitOffByDefault(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	for i := range DefaultMetricsHourlyLimit + 1 {
		if resp, body := scrape(t, c, "?metrics=temporal_cloud_v1_action_limit", testKey); resp.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d %s", i+1, resp.StatusCode, body)
		}
	}
}

func TestMetricsHourlyLimitUnauthenticatedDoesNotCount(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{MetricsHourlyLimit: 1})
	if resp, _ := scrape(t, c, "", "wrong-key"); resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong key: %d, want 401", resp.StatusCode)
	}
	if resp, body := scrape(t, c, "", testKey); resp.StatusCode != http.StatusOK {
		t.Fatalf("first authenticated request: %d %s", resp.StatusCode, body)
	}
}
