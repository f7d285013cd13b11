package simcloud

import (
	"net/http"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
)

func TestLargeAccount(t *testing.T) {
	tests := []struct {
		n       int
		wantErr bool
	}{
		{n: 12}, {n: 1000}, {n: MaxNamespaces}, {n: 11, wantErr: true}, {n: MaxNamespaces + 1, wantErr: true},
	}
	for _, tt := range tests {
		acct, err := LargeAccount(tt.n, DemoSeed)
		if (err != nil) != tt.wantErr {
			t.Fatalf("LargeAccount(%d): err = %v, want error %v", tt.n, err, tt.wantErr)
		}
		if err == nil && len(acct.Namespaces) != tt.n {
			t.Errorf("LargeAccount(%d) holds %d namespaces", tt.n, len(acct.Namespaces))
		}
	}
	a, _ := LargeAccount(1000, DemoSeed)
	b, _ := LargeAccount(1000, DemoSeed)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same seed gave two accounts")
	}
	if c, _ := LargeAccount(1000, DemoSeed+1); reflect.DeepEqual(a, c) {
		t.Error("another seed gave the same account")
	}
	if !reflect.DeepEqual(a.Namespaces[:12], DemoAccount().Namespaces) {
		t.Error("the demo namespaces do not come first")
	}
}

// TestLargeAccountSpread checks that the generated namespaces cover every
// case the analysis distinguishes, in believable shares.
func TestLargeAccountSpread(t *testing.T) {
	acct, err := LargeAccount(10000, DemoSeed)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, n := range acct.Namespaces[12:] {
		n, err := n.withDefaults(acct.ID)
		if err != nil {
			t.Fatal(err)
		}
		limit := n.apsLimit(n.Capacity)
		switch {
		case n.ThrottledPerSec > 0:
			count["throttled"]++
		case n.Capacity.Mode == clients.ModeProvisioned && n.APS < limit/4:
			count["over-provisioned"]++
		case n.Capacity.Mode == clients.ModeProvisioned:
			count["provisioned"]++
		case n.APS < 5:
			count["idle"]++
		case n.APS > 0.8*limit:
			count["busy"]++
		}
		if n.MaxAvailableTRUs < n.ValidTRUs[len(n.ValidTRUs)-1] {
			count["less inventory"]++
		}
		if n.Capacity.Mode == clients.ModeProvisioned && n.Capacity.TRUs > n.MaxAvailableTRUs {
			t.Errorf("%s is provisioned with %v TRUs, above the %v available", n.ID, n.Capacity.TRUs, n.MaxAvailableTRUs)
		}
	}
	for kind, want := range map[string][2]int{
		"idle": {3500, 5500}, "busy": {600, 1400}, "throttled": {200, 600}, "provisioned": {600, 1400},
		"over-provisioned": {300, 900}, "less inventory": {500, 1100},
	} {
		if got := count[kind]; got < want[0] || got > want[1] {
			t.Errorf("%s: %d of 9,988 generated namespaces, want %d to %d", kind, got, want[0], want[1])
		}
	}
}

var servedNamespace = regexp.MustCompile(`temporal_namespace="([^"]+)"`)

// served is the data points of each namespace a response body holds, and
// their sum.
func served(body string) (namespaces map[string]int, points int) {
	namespaces = map[string]int{}
	for _, line := range strings.Split(body, "\n") {
		if m := servedNamespace.FindStringSubmatch(line); m != nil {
			namespaces[m[1]]++
			points++
		}
	}
	return namespaces, points
}

// TestMetricsPointLimit checks the 30,000-point cap: over it the response
// says limited and holds whole namespaces up to the cap; the namespaces
// filter (with wildcards) brings a request under it.
func TestMetricsPointLimit(t *testing.T) {
	acct, err := LargeAccount(10000, DemoSeed)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := startCloud(t, acct, Options{})
	tests := []struct {
		name          string
		query         string
		wantComplete  string
		wantNamespace int // -1: any number under the cap
	}{
		{name: "whole account", query: "", wantComplete: "limited", wantNamespace: -1},
		{name: "one metric of all", query: "?metrics=" + clients.MetricActionLimit, wantComplete: "complete", wantNamespace: 10000},
		{name: "prefix glob", query: "?namespaces=tenant-002*", wantComplete: "complete", wantNamespace: 100},
		{name: "two globs", query: "?namespaces=tenant-01*&namespaces=payments*", wantComplete: "complete", wantNamespace: 1001},
		{name: "glob over the cap", query: "?namespaces=tenant-*", wantComplete: "limited", wantNamespace: -1},
		{name: "inner wildcard", query: "?namespaces=tenant-?0000*", wantComplete: "complete", wantNamespace: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := scrape(t, c, tt.query, testKey)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if got := resp.Header.Get("X-Completeness"); got != tt.wantComplete {
				t.Errorf("X-Completeness = %q, want %q", got, tt.wantComplete)
			}
			ns, points := served(body)
			if points > DefaultMetricsPointLimit {
				t.Errorf("%d points, over the cap of %d", points, DefaultMetricsPointLimit)
			}
			if tt.wantNamespace >= 0 && len(ns) != tt.wantNamespace {
				t.Errorf("%d namespaces served, want %d", len(ns), tt.wantNamespace)
			}
			if tt.wantComplete == "limited" && (len(ns) == 0 || points < DefaultMetricsPointLimit-6) {
				t.Errorf("limited response holds %d namespaces, %d points: want as many whole namespaces as fit", len(ns), points)
			}
			for id, n := range ns {
				if want := 6; !strings.Contains(tt.query, "metrics=") && n != want {
					t.Errorf("%s served in part: %d of its %d points", id, n, want)
				}
			}
		})
	}
}
