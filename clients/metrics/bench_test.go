package metrics

import (
	"bufio"
	"bytes"
	"strings"
	"testing"
	"time"
)

var benchTime = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// payload30k is a generated body of 30,000 data points, the Metrics API's cap
// per scrape: 2,500 namespaces × (8 action-count series + 4 value metrics).
func payload30k(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	if n := GeneratePayload(&b, 2500, 8, benchTime); n != 30000 {
		tb.Fatalf("generated %d points, want 30000", n)
	}
	return b.Bytes()
}

func TestGeneratePayload(t *testing.T) {
	var b bytes.Buffer
	n := GeneratePayload(&b, 3, 4, benchTime)
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

// BenchmarkParseExpfmt30k measures the expfmt reference parser on the same
// payload, to show what the hand parser buys.
func BenchmarkParseExpfmt30k(b *testing.B) {
	data := payload30k(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := parseSnapshot(parseExpfmt, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLineRead30k(b *testing.B) {
	data := payload30k(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sc := bufio.NewScanner(bytes.NewReader(data))
		lines := 0
		for sc.Scan() {
			lines++
		}
		if err := sc.Err(); err != nil || lines == 0 {
			b.Fatal(err, lines)
		}
	}
}
