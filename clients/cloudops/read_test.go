package cloudops_test

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/cloudops"
	"github.com/capacitybot/capacitybot/clients/simcloud"
)

func TestListNamespaces(t *testing.T) {
	big := simcloud.Account{ID: "big"}
	for i := range 2500 {
		big.Namespaces = append(big.Namespaces, simcloud.Namespace{ID: fmt.Sprintf("ns-%04d", i)})
	}
	tests := []struct {
		name      string
		acct      simcloud.Account
		pageSize  int
		wantCount int
		wantPages int
	}{
		{"demo account, one page", simcloud.DemoAccount(), 0, 12, 1},
		{"demo account, pages of 5", simcloud.DemoAccount(), 5, 12, 3},
		{"2500 namespaces, pages of 1000", big, 0, 2500, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := setup(t, tt.acct, simcloud.Options{}, func(o *cloudops.Options) { o.PageSize = tt.pageSize })
			ids, err := f.client.ListNamespaces(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			uniq := map[string]bool{}
			for _, id := range ids {
				if !strings.HasSuffix(id, "."+tt.acct.ID) {
					t.Errorf("%q is not a name.account ID", id)
				}
				uniq[id] = true
			}
			if len(ids) != tt.wantCount || len(uniq) != tt.wantCount {
				t.Fatalf("got %d ids (%d distinct), want %d", len(ids), len(uniq), tt.wantCount)
			}
			if got := f.cloud.Stats().Calls["GetNamespaces"]; got != tt.wantPages {
				t.Fatalf("GetNamespaces called %d times, want %d", got, tt.wantPages)
			}
		})
	}
}

func TestGetCapacity(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
	tests := []struct {
		ns          string
		want        clients.Capacity
		wantLimit   float64
		wantRequest clients.RequestState // "" = no request
	}{
		{payments, clients.OnDemand(), 500, ""},
		{"ledger-prod.demo42", clients.Provisioned(4), 2000, clients.RequestCompleted},
		{"analytics-etl.demo42", clients.Provisioned(8), 4000, clients.RequestCompleted},
		{"legacy-billing.demo42", clients.OnDemand(), 1500, ""},
	}
	for _, tt := range tests {
		t.Run(tt.ns, func(t *testing.T) {
			got, err := f.client.GetCapacity(ctxT(t), tt.ns)
			if err != nil {
				t.Fatal(err)
			}
			if got.Namespace != tt.ns || !got.Current.Equal(tt.want) || got.Current.Mode != tt.want.Mode || got.APSLimit != tt.wantLimit ||
				got.State != "active" || !strings.HasPrefix(got.ResourceVersion, "rv-") {
				t.Fatalf("got %+v", got)
			}
			switch {
			case tt.wantRequest == "" && got.LatestRequest != nil:
				t.Fatalf("unexpected request %+v", got.LatestRequest)
			case tt.wantRequest != "" && (got.LatestRequest == nil || got.LatestRequest.State != tt.wantRequest ||
				!got.LatestRequest.Target.Equal(tt.want) || got.LatestRequest.StartTime.IsZero()):
				t.Fatalf("request = %+v, want %s to %s", got.LatestRequest, tt.wantRequest, tt.want)
			}
		})
	}
}

func TestGetCapacityWithoutCapacityStatus(t *testing.T) {
	acct := simcloud.Account{ID: "a", Namespaces: []simcloud.Namespace{
		{ID: "spec-only", Capacity: clients.Provisioned(3), OmitCapacityStatus: true},
	}}
	t.Run("falls back to the spec", func(t *testing.T) {
		f := setup(t, acct, simcloud.Options{}, nil)
		got, err := f.client.GetCapacity(ctxT(t), "spec-only.a")
		if err != nil || !got.Current.Equal(clients.Provisioned(3)) {
			t.Fatalf("got %+v, %v; want 3 TRUs from the spec", got, err)
		}
	})
	t.Run("unknown when the API version predates capacity", func(t *testing.T) {
		f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, func(o *cloudops.Options) { o.APIVersion = "v0.9.0" })
		got, err := f.client.GetCapacity(ctxT(t), "ledger-prod.demo42")
		if err != nil || got.Current.Mode != clients.ModeUnknown {
			t.Fatalf("got %+v, %v; want mode unknown", got, err)
		}
		_, err = f.client.SetCapacity(ctxT(t), "ledger-prod.demo42", clients.OnDemand(), "op-1")
		wantKind(t, err, clients.KindInvalid)
		if n := f.cloud.Stats().Calls["UpdateNamespace"]; n != 0 {
			t.Fatalf("an update was sent blind (%d)", n)
		}
	})
}

func TestGetCapacityInfo(t *testing.T) {
	acct := simcloud.DemoAccount()
	acct.Namespaces = append(acct.Namespaces, simcloud.Namespace{ID: "unsorted", ValidTRUs: []float64{8, 2, 4}, MaxAvailableTRUs: 8})
	f := setup(t, acct, simcloud.Options{}, nil)
	tests := []struct {
		ns   string
		want clients.CapacityInfo
	}{
		{"inventory-sync.demo42", clients.CapacityInfo{Namespace: "inventory-sync.demo42", Current: clients.OnDemand(),
			ValidTRUs: []float64{2, 3, 4, 6, 8}, MaxAvailableTRUs: 4, OnDemandAPSLimit: 1000,
			APS: clients.APSStats{Mean: 540, P90: 820, P99: 990}}},
		{"legacy-billing.demo42", clients.CapacityInfo{Namespace: "legacy-billing.demo42", Current: clients.OnDemand(),
			ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12}, MaxAvailableTRUs: 12, OnDemandAPSLimit: 800,
			APS: clients.APSStats{Mean: 520, P90: 760, P99: 980}, HasLegacyLimits: true}},
		{"analytics-etl.demo42", clients.CapacityInfo{Namespace: "analytics-etl.demo42", Current: clients.Provisioned(8),
			ValidTRUs: []float64{2, 3, 4, 6, 8, 10, 12}, MaxAvailableTRUs: 12, OnDemandAPSLimit: 600,
			APS: clients.APSStats{Mean: 280, P90: 340, P99: 420}}},
		{"unsorted.demo42", clients.CapacityInfo{Namespace: "unsorted.demo42", Current: clients.OnDemand(),
			ValidTRUs: []float64{2, 4, 8}, MaxAvailableTRUs: 8, OnDemandAPSLimit: 500}},
	}
	for _, tt := range tests {
		t.Run(tt.ns, func(t *testing.T) {
			got, err := f.client.GetCapacityInfo(ctxT(t), tt.ns)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got  %+v\nwant %+v", got, tt.want)
			}
			if !sort.Float64sAreSorted(got.ValidTRUs) {
				t.Fatal("valid TRUs not sorted")
			}
		})
	}
}

func TestNotFoundAndBadInput(t *testing.T) {
	f := setup(t, simcloud.DemoAccount(), simcloud.Options{}, nil)
	ctx := ctxT(t)
	_, err := f.client.GetCapacity(ctx, "nope.demo42")
	ce := wantKind(t, err, clients.KindNotFound)
	if ce.Op != "GetNamespace" || ce.Namespace != "nope.demo42" {
		t.Fatalf("error names %q %q", ce.Op, ce.Namespace)
	}
	_, err = f.client.GetCapacityInfo(ctx, "nope.demo42")
	wantKind(t, err, clients.KindNotFound)
	_, err = f.client.GetAsyncOperation(ctx, "no-such-op")
	wantKind(t, err, clients.KindNotFound)

	calls := f.cloud.Stats().Calls
	_, err = f.client.GetCapacity(ctx, "")
	wantKind(t, err, clients.KindInvalid)
	_, err = f.client.GetCapacityInfo(ctx, "")
	wantKind(t, err, clients.KindInvalid)
	_, err = f.client.GetAsyncOperation(ctx, "")
	wantKind(t, err, clients.KindInvalid)
	if !reflect.DeepEqual(calls, f.cloud.Stats().Calls) {
		t.Fatal("bad input reached the service")
	}
}
