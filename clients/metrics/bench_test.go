package metrics

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
)

var benchTime = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// payload30k is a generated body of 30,000 data points, the Metrics API's cap
// per scrape: 2,500 namespaces × (8 action-count series + 4 value metrics).
func payload30k(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	if n := generatePayload(&b, 2500, 8, benchTime); n != 30000 {
		tb.Fatalf("generated %d points, want 30000", n)
	}
	return b.Bytes()
}

func TestGeneratePayload(t *testing.T) {
	var b bytes.Buffer
	n := generatePayload(&b, 3, 4, benchTime)
	if n != 3*4+3*4 {
		t.Fatalf("points = %d, want 24", n)
	}
	lines := 0
	for _, l := range strings.Split(b.String(), "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			lines++
		}
	}
	if lines != n {
		t.Errorf("payload has %d sample lines, generator said %d", lines, n)
	}
	if !strings.HasSuffix(b.String(), "\n# EOF\n") {
		t.Error("payload does not end with # EOF")
	}
	snap, err := Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Namespaces) != 3 || len(snap.Warnings) != 0 {
		t.Fatalf("got %d namespaces, warnings %q", len(snap.Namespaces), snap.Warnings)
	}
	for ns, u := range snap.Namespaces {
		if u.ActionsPerSecond <= 0 && u.BackgroundAPS <= 0 || u.ActionLimit < 500 || !u.Timestamp.Equal(benchTime) {
			t.Errorf("%s: implausible usage %+v", ns, u)
		}
	}
}

// BenchmarkParse30k measures the production parse of a 30,000-point
// response, the Metrics API's cap per scrape.
func BenchmarkParse30k(b *testing.B) {
	data := payload30k(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenMetricsDecoder shows why Parse does not use expfmt's
// OpenMetrics decoder (expfmt.NewDecoder with expfmt.TypeOpenMetrics): on a
// 1,200-point body, a twenty-fifth of the Metrics API's cap, it is compared
// with Parse. The decoder parses each line with a general ABNF parser.
func BenchmarkOpenMetricsDecoder(b *testing.B) {
	var buf bytes.Buffer
	if n := generatePayload(&buf, 100, 8, benchTime); n != 1200 {
		b.Fatalf("generated %d points, want 1200", n)
	}
	data := buf.Bytes()
	b.Run("Parse", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("NewDecoder", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			dec := expfmt.NewDecoder(bytes.NewReader(data), expfmt.NewFormat(expfmt.TypeOpenMetrics))
			points := 0
			for {
				var mf dto.MetricFamily
				err := dec.Decode(&mf)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					b.Fatal(err)
				}
				points += len(mf.GetMetric())
			}
			if points != 1200 {
				b.Fatalf("decoded %d points, want 1200", points)
			}
		}
	})
}

// serve30k serves the 30,000-point body as the Metrics API does, over
// loopback HTTP.
func serve30k(b *testing.B) *httptest.Server {
	data := payload30k(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
		w.Header().Set("X-Completeness", "complete")
		_, _ = w.Write(data)
	}))
	b.Cleanup(srv.Close)
	b.SetBytes(int64(len(data)))
	return srv
}

// BenchmarkFetchUsage30k measures a whole Metrics API call of 30,000 points
// against a loopback server: request, transfer and parse.
func BenchmarkFetchUsage30k(b *testing.B) {
	srv := serve30k(b)
	c := New(Options{BaseURL: srv.URL, APIKey: testKey, HTTPClient: srv.Client()})
	b.ReportAllocs()
	for b.Loop() {
		snap, err := c.FetchUsage(context.Background())
		if err != nil || len(snap.Namespaces) != 2500 {
			b.Fatalf("FetchUsage: %d namespaces, %v", len(snap.Namespaces), err)
		}
	}
}

// BenchmarkTransfer30k is BenchmarkFetchUsage30k without the parse: the
// same request with the body read and thrown away.
func BenchmarkTransfer30k(b *testing.B) {
	srv := serve30k(b)
	c := New(Options{BaseURL: srv.URL, APIKey: testKey, HTTPClient: srv.Client()})
	b.ReportAllocs()
	for b.Loop() {
		req, err := c.newRequest(context.Background(), nil)
		if err != nil {
			b.Fatal(err)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil || n == 0 {
			b.Fatalf("read %d bytes: %v", n, err)
		}
	}
}
