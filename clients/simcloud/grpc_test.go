package simcloud

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	"google.golang.org/genproto/googleapis/rpc/errdetails"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

func TestHeadersAreChecked(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	cl := rawClient(t, c)
	tests := []struct {
		name     string
		md       []string
		wantCode codes.Code
		wantMsg  string
	}{
		{"no version header", []string{"authorization", "Bearer " + testKey}, codes.InvalidArgument, "API version specified is invalid"},
		{"legacy date version", []string{"authorization", "Bearer " + testKey, versionHeader, "2025-07-09-00"}, codes.InvalidArgument, "API version specified is invalid"},
		{"no API key", []string{versionHeader, "v0.26.0"}, codes.Unauthenticated, "missing API key"},
		{"wrong API key", []string{versionHeader, "v0.26.0", "authorization", "Bearer nope"}, codes.Unauthenticated, "invalid API key"},
		{"all good", []string{versionHeader, "v0.26.0", "authorization", "Bearer " + testKey}, codes.OK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := metadata.AppendToOutgoingContext(context.Background(), tt.md...)
			_, err := cl.GetNamespace(ctx, &cloudservice.GetNamespaceRequest{Namespace: "payments.demo42"})
			st := status.Convert(err)
			if st.Code() != tt.wantCode || !strings.Contains(st.Message(), tt.wantMsg) {
				t.Fatalf("got %v %q, want %v %q", st.Code(), st.Message(), tt.wantCode, tt.wantMsg)
			}
		})
	}
}

func TestOldAPIVersionHidesCapacity(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	cl := rawClient(t, c)
	for _, tc := range []struct {
		version string
		visible bool
	}{{"v0.9.0", false}, {"v0.10.0", true}, {"v1.0.0", true}} {
		ctx := metadata.AppendToOutgoingContext(context.Background(), versionHeader, tc.version, "authorization", "Bearer "+testKey)
		resp, err := cl.GetNamespace(ctx, &cloudservice.GetNamespaceRequest{Namespace: "ledger-prod.demo42"})
		if err != nil {
			t.Fatalf("%s: %v", tc.version, err)
		}
		ns := resp.GetNamespace()
		if got := ns.GetCapacity() != nil && ns.GetSpec().GetCapacitySpec() != nil; got != tc.visible {
			t.Errorf("%s: capacity visible = %v, want %v", tc.version, got, tc.visible)
		}
	}
}

func TestGetNamespacesPaging(t *testing.T) {
	var acct Account
	acct.ID = "big"
	for i := range 2345 {
		acct.Namespaces = append(acct.Namespaces, Namespace{ID: fmt.Sprintf("ns-%04d", i)})
	}
	c, _ := startCloud(t, acct, Options{})
	cl := rawClient(t, c)
	ctx := callCtx(t)

	seen := map[string]bool{}
	token, pages := "", 0
	for {
		resp, err := cl.GetNamespaces(ctx, &cloudservice.GetNamespacesRequest{PageSize: 1000, PageToken: token})
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		for _, ns := range resp.GetNamespaces() {
			if seen[ns.GetNamespace()] {
				t.Fatalf("%s served twice", ns.GetNamespace())
			}
			seen[ns.GetNamespace()] = true
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	if len(seen) != 2345 || pages != 3 {
		t.Fatalf("got %d namespaces in %d pages, want 2345 in 3", len(seen), pages)
	}

	resp, err := cl.GetNamespaces(ctx, &cloudservice.GetNamespacesRequest{})
	if err != nil || len(resp.GetNamespaces()) != defaultPageSize {
		t.Fatalf("default page: %d namespaces, err %v; want %d", len(resp.GetNamespaces()), err, defaultPageSize)
	}
	for _, bad := range []*cloudservice.GetNamespacesRequest{{PageSize: 1001}, {PageToken: "garbage!"}, {PageToken: encodePageToken(99999)}} {
		if _, err := cl.GetNamespaces(ctx, bad); status.Code(err) != codes.InvalidArgument {
			t.Errorf("GetNamespaces(%v) = %v, want InvalidArgument", bad, err)
		}
	}
}

func TestGetNamespaceNotFound(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	_, err := rawClient(t, c).GetNamespace(callCtx(t), &cloudservice.GetNamespaceRequest{Namespace: "nope.demo42"})
	if status.Code(err) != codes.NotFound {
		t.Fatalf("got %v, want NotFound", err)
	}
}

func TestCapacityInfo(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	resp, err := rawClient(t, c).GetNamespaceCapacityInfo(callCtx(t), &cloudservice.GetNamespaceCapacityInfoRequest{Namespace: "inventory-sync.demo42"})
	if err != nil {
		t.Fatal(err)
	}
	p := resp.GetCapacityInfo().GetModeOptions().GetProvisioned()
	if fmt.Sprint(p.GetValidTruValues()) != "[2 3 4 6 8]" || p.GetMaxAvailableTruValue() != 4 {
		t.Fatalf("provisioned options = %v", p)
	}
	if resp.GetCapacityInfo().GetStats().GetAps().GetP99() != 990 {
		t.Fatalf("stats = %v", resp.GetCapacityInfo().GetStats())
	}
}

func TestRateLimitedFaultCarriesRetryAfter(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{})
	c.Inject(Fault{Method: "GetNamespace", Kind: FaultRateLimited, RetryAfter: 3 * time.Second})
	var trailer metadata.MD
	_, err := rawClient(t, c).GetNamespace(callCtx(t), &cloudservice.GetNamespaceRequest{Namespace: "payments.demo42"}, grpc.Trailer(&trailer))
	st := status.Convert(err)
	if st.Code() != codes.ResourceExhausted {
		t.Fatalf("got %v, want ResourceExhausted", err)
	}
	if got := trailer.Get("retry-after"); len(got) != 1 || got[0] != "3" {
		t.Errorf("retry-after trailer = %v, want [3]", got)
	}
	var info *errdetails.RetryInfo
	for _, d := range st.Details() {
		if ri, ok := d.(*errdetails.RetryInfo); ok {
			info = ri
		}
	}
	if info == nil || info.GetRetryDelay().AsDuration() != 3*time.Second {
		t.Errorf("RetryInfo = %v, want 3s", info)
	}
}

func TestBudgetViolationsCounted(t *testing.T) {
	for _, reject := range []bool{false, true} {
		t.Run(fmt.Sprintf("reject=%v", reject), func(t *testing.T) {
			c, _ := startCloud(t, DemoAccount(), Options{RateLimit: 2, RejectOverBudget: reject})
			cl := rawClient(t, c)
			ctx := callCtx(t)
			var exhausted int
			for range 6 {
				_, err := cl.GetNamespace(ctx, &cloudservice.GetNamespaceRequest{Namespace: "payments.demo42"})
				if status.Code(err) == codes.ResourceExhausted {
					exhausted++
				} else if err != nil {
					t.Fatal(err)
				}
			}
			v := c.Stats().RateViolations
			if v < 3 {
				t.Fatalf("violations = %d, want at least 3 of 6 back-to-back calls over a 2/s budget", v)
			}
			if reject && exhausted != v || !reject && exhausted != 0 {
				t.Fatalf("ResourceExhausted answers = %d with %d violations, reject=%v", exhausted, v, reject)
			}
		})
	}
}

func TestStatsCountCallsAndConcurrency(t *testing.T) {
	c, _ := startCloud(t, DemoAccount(), Options{Latency: 100 * time.Millisecond})
	cl := rawClient(t, c)
	ctx := callCtx(t)
	errs := make(chan error, 4)
	for range 4 {
		go func() {
			_, err := cl.GetNamespace(ctx, &cloudservice.GetNamespaceRequest{Namespace: "payments.demo42"})
			errs <- err
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	s := c.Stats()
	if s.Calls["GetNamespace"] != 4 || s.MaxConcurrency < 2 {
		t.Fatalf("stats = %+v, want 4 GetNamespace calls overlapping", s)
	}
}

func TestBudgetBurst(t *testing.T) {
	t0 := time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		rate     float64
		burst    int
		calls    int
		spacing  time.Duration
		wantOver int
	}{
		{"default burst is a second's worth", 10, 0, 12, 0, 2},
		{"burst 1 refuses any call sooner than 1/rate", 10, 1, 5, 0, 4},
		{"burst 1 accepts calls paced at the rate", 10, 1, 30, 100 * time.Millisecond, 0},
		{"burst 3 absorbs bunching of three", 10, 3, 5, 0, 2},
		{"unlimited", 0, 0, 100, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := newBudget(tt.rate, tt.burst)
			over := 0
			for i := range tt.calls {
				if !b.allow(t0.Add(time.Duration(i) * tt.spacing)) {
					over++
				}
			}
			if over != tt.wantOver {
				t.Fatalf("%d calls over budget, want %d", over, tt.wantOver)
			}
		})
	}
}
