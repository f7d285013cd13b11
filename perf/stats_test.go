package perf

import (
	"os"
	"testing"
	"time"
)

func TestSummarize(t *testing.T) {
	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // reversed: Summarize must sort
	}
	for _, tc := range []struct {
		name string
		in   []time.Duration
		want Summary
	}{
		{"empty", nil, Summary{}},
		{"one", ms(7), Summary{N: 1, Min: 7 * time.Millisecond, P50: 7 * time.Millisecond, P99: 7 * time.Millisecond, Max: 7 * time.Millisecond}},
		{"hundred", ms(hundred...), Summary{N: 100, Min: time.Millisecond, P50: 50 * time.Millisecond, P99: 99 * time.Millisecond, Max: 100 * time.Millisecond}},
		{"outlier", ms(1, 1, 1, 1, 1000), Summary{N: 5, Min: time.Millisecond, P50: time.Millisecond, P99: time.Second, Max: time.Second}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summarize(tc.in); got != tc.want {
				t.Errorf("Summarize = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestParseStatus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      string
		want    Mem
		wantErr bool
	}{
		{"full", "Name:\tx\nVmPeak:\t  900 kB\nVmRSS:\t  1234 kB\nRssAnon:\t 234 kB\nRssFile:\t 1000 kB\nThreads: 3\n",
			Mem{RSS: 1234 * 1024, Anon: 234 * 1024, File: 1000 * 1024}, false},
		{"old kernel", "VmRSS:\t 8 kB\n", Mem{RSS: 8 * 1024}, false},
		{"missing", "Name:\tx\nRssAnon:\t 1 kB\n", Mem{}, true},
		{"bad unit", "VmRSS:\t 12 MB\n", Mem{}, true},
		{"bad number", "VmRSS:\t x kB\n", Mem{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseStatus([]byte(tc.in))
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Errorf("parseStatus = %+v, %v; want %+v, error %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestRSSOfThisProcess(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("no /proc on this system")
	}
	n, err := RSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if n < 1<<20 {
		t.Errorf("RSS of a running Go test = %d bytes, implausibly small", n)
	}
}
