package simcloud

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	cloudservice "go.temporal.io/cloud-sdk/api/cloudservice/v1"
	operationv1 "go.temporal.io/cloud-sdk/api/operation/v1"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/clients/simcloud/simcloudtest"
)

// restart starts a fresh Cloud on the same state file, as a restarted bot
// process would, and stops it when the test ends.
func restart(t *testing.T, file string, now func() time.Time) *Cloud {
	t.Helper()
	c := New(DemoAccount(), Options{APIKey: testKey, StateFile: file, Now: now, OpDelay: 2 * time.Minute})
	if err := c.Start(); err != nil {
		t.Fatalf("Start after restart: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

type nsView struct {
	cfg Namespace
	cap clients.NamespaceCapacity
}

func snapshotAll(t *testing.T, c *Cloud) map[string]nsView {
	t.Helper()
	out := map[string]nsView{}
	for _, n := range DemoAccount().Namespaces {
		id := n.ID + "." + DemoAccountID
		cfg, nc, ok := c.Snapshot(id)
		if !ok {
			t.Fatalf("%s missing", id)
		}
		out[id] = nsView{cfg, nc}
	}
	return out
}

func TestStateSurvivesRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sim.json")
	clock := simcloudtest.NewClock(clockStart)
	c1, _ := startCloud(t, DemoAccount(), Options{StateFile: file, Now: clock.Now, OpDelay: 2 * time.Minute})
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file after Start: %v, %v; want it created with mode 0600", fi, err)
	}
	cl, ctx := rawClient(t, c1), callCtx(t)

	// A change that completes before the restart and one still running.
	if _, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, "search-indexer.demo42", clients.Provisioned(2), "done-1", nil)); err != nil {
		t.Fatalf("update search-indexer: %v", err)
	}
	clock.Advance(3 * time.Minute)
	if _, err := cl.GetAsyncOperation(ctx, &cloudservice.GetAsyncOperationRequest{AsyncOperationId: "done-1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := cl.UpdateNamespace(ctx, updateReq(t, cl, ctx, payments, clients.Provisioned(4), "", nil)); err != nil {
		t.Fatalf("update payments: %v", err)
	}
	if !c1.SetUsage("orders-prod.demo42", 1190, 12) {
		t.Fatal("SetUsage: orders-prod not found")
	}
	before := snapshotAll(t, c1)
	c1.Close()

	c2 := restart(t, file, clock.Now)
	if after := snapshotAll(t, c2); !reflect.DeepEqual(after, before) {
		for id := range before {
			if !reflect.DeepEqual(after[id], before[id]) {
				t.Errorf("%s after restart:\n got  %+v\n want %+v", id, after[id], before[id])
			}
		}
	}
	_, nc, _ := c2.Snapshot(payments)
	if nc.LatestRequest == nil || nc.LatestRequest.State != clients.RequestInProgress || nc.State != "updating" {
		t.Fatalf("payments after restart = %+v, want its request still in progress", nc)
	}
	opID := nc.LatestRequest.AsyncOperationID
	if opID != "sim-op-000001" {
		t.Fatalf("operation id %q, want the first server-generated id", opID)
	}

	// The operation started before the restart completes lazily after it.
	cl2, ctx2 := rawClient(t, c2), callCtx(t)
	got, err := cl2.GetAsyncOperation(ctx2, &cloudservice.GetAsyncOperationRequest{AsyncOperationId: opID})
	if err != nil || got.GetAsyncOperation().GetState() != operationv1.AsyncOperation_STATE_IN_PROGRESS {
		t.Fatalf("operation right after restart = %v, %v; want in progress", got, err)
	}
	clock.Advance(2 * time.Minute)
	got, err = cl2.GetAsyncOperation(ctx2, &cloudservice.GetAsyncOperationRequest{AsyncOperationId: opID})
	if err != nil || got.GetAsyncOperation().GetState() != operationv1.AsyncOperation_STATE_FULFILLED {
		t.Fatalf("operation after its delay = %v, %v; want fulfilled", got, err)
	}
	c2.Close()

	// The observed completion was saved: a clock from before the due time
	// cannot undo it.
	c3 := restart(t, file, func() time.Time { return clock.Now().Add(-time.Hour) })
	p, nc, _ := c3.Snapshot(payments)
	if !nc.Current.Equal(clients.Provisioned(4)) || nc.LatestRequest.State != clients.RequestCompleted || p.APS != before[payments].cfg.APS {
		t.Fatalf("payments after second restart = %+v (APS %v), want 4 TRUs completed", nc, p.APS)
	}
	// The next server-generated id continues the sequence.
	cl3, ctx3 := rawClient(t, c3), callCtx(t)
	resp, err := cl3.UpdateNamespace(ctx3, updateReq(t, cl3, ctx3, "user-profile-staging.demo42", clients.Provisioned(2), "", nil))
	if err != nil || resp.GetAsyncOperation().GetId() != "sim-op-000002" {
		t.Fatalf("update after restart = %v, %v; want operation sim-op-000002", resp, err)
	}
}

func TestUnusableStateFileIsRefused(t *testing.T) {
	valid := func(t *testing.T) []byte {
		file := filepath.Join(t.TempDir(), "ok.json")
		c := New(DemoAccount(), Options{StateFile: file})
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		c.Close()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tests := []struct {
		name string
		edit func(string) string
		want string
	}{
		{"not JSON", func(string) string { return "{\"format\":1,\"namesp" }, "not valid JSON"},
		{"other format", func(s string) string { return strings.Replace(s, `"format": 1`, `"format": 9`, 1) }, "format 9"},
		{"other account", func(s string) string { return strings.Replace(s, `"account": "demo42"`, `"account": "prod1"`, 1) }, `account "prod1"`},
		{"unknown request state", func(s string) string {
			return strings.Replace(s, "STATE_CAPACITY_REQUEST_COMPLETED", "STATE_BOGUS", 1)
		}, "unknown request state"},
		{"bad capacity", func(s string) string { return strings.Replace(s, `"mode": "provisioned"`, `"mode": "turbo"`, 1) }, `"turbo"`},
		{"operation for unknown namespace", func(s string) string {
			return strings.Replace(s, `"namespace": "ledger-prod.demo42"`, `"namespace": "gone.demo42"`, 1)
		}, "unknown namespace"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := string(valid(t))
			bad := tt.edit(orig)
			if bad == orig {
				t.Fatal("edit changed nothing: the test no longer matches the file layout")
			}
			file := filepath.Join(t.TempDir(), "sim.json")
			if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
				t.Fatal(err)
			}
			c := New(DemoAccount(), Options{StateFile: file})
			err := c.Start()
			if err == nil {
				c.Close()
				t.Fatal("Start accepted an unusable state file")
			}
			for _, want := range []string{file, tt.want, "delete it to reset the demo account"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not mention %q", err, want)
				}
			}
			if data, _ := os.ReadFile(file); string(data) != bad {
				t.Error("Start changed the unusable file")
			}
		})
	}
}

func TestStateFileInMissingDirectory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "no-such-dir", "sim.json")
	c := New(DemoAccount(), Options{StateFile: file})
	err := c.Start()
	if err == nil {
		c.Close()
		t.Fatal("Start succeeded without being able to save")
	}
	if !strings.Contains(err.Error(), file) {
		t.Fatalf("error %q does not name the file", err)
	}
}

func TestFailedSaveIsRetried(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "sim.json")
	c, _ := startCloud(t, DemoAccount(), Options{StateFile: file})
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	c.SetUsage(payments, 123, 4)
	if s := c.Stats(); s.SaveFailures != 1 || s.LastSaveError == nil || !strings.Contains(s.LastSaveError.Error(), file) {
		t.Fatalf("stats after a failed save = %+v, want one failure naming the file", s)
	}
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	c.Snapshot(payments) // any call saves a pending change
	c.Close()
	c2 := restart(t, file, nil)
	if p, _, _ := c2.Snapshot(payments); p.APS != 123 || p.ThrottledPerSec != 4 {
		t.Fatalf("payments usage after restart = %v/%v, want 123/4", p.APS, p.ThrottledPerSec)
	}
}

func TestNoStateFileWritesNothing(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	c, _ := startCloud(t, DemoAccount(), Options{})
	c.SetUsage(payments, 1, 0)
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 0 {
		t.Fatalf("working directory has %v (%v), want nothing written", entries, err)
	}
}
