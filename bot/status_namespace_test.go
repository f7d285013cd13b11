package bot

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name.golden, rewriting it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestStatusOfNamespaceWithoutBoost: `status <ns>` with no boost running
// says the namespace's capacity now and how its last boost ended, where
// before it said only "No boost is running".
func TestStatusOfNamespaceWithoutBoost(t *testing.T) {
	revertedEarly := workflows.BoostStatus{
		Request: workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4, Requester: "U1", Reason: "launch", End: handlerNow.Add(-time.Hour)},
		Phase:   workflows.PhaseDone, Before: clients.OnDemand(), Target: clients.Provisioned(4), Observed: clients.OnDemand(),
		StartedAt: handlerNow.Add(-26 * time.Hour), EndedAt: handlerNow.Add(-24*time.Hour - 20*time.Minute),
		EndReason: workflows.EndRevertedEarly, EndedBy: "U2", Reverted: true, Verified: true,
	}
	failed := workflows.BoostStatus{
		Request: workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 8, Requester: "U1"},
		Phase:   workflows.PhaseFailed, Before: clients.OnDemand(), Target: clients.Provisioned(8), Observed: clients.Provisioned(8),
		StartedAt: handlerNow.Add(-3 * time.Hour), EndedAt: handlerNow.Add(-2 * time.Hour), Error: "revert refused: quota",
	}
	cases := []struct {
		name string
		edit func(f *handlerFixture)
	}{
		{name: "status_never_boosted", edit: func(f *handlerFixture) {
			c := f.cloud.capacity["payments.demo42"]
			c.APSLimit = 500
			f.cloud.capacity["payments.demo42"] = c
		}},
		{name: "status_after_reverted_early", edit: func(f *handlerFixture) {
			c := f.cloud.capacity["payments.demo42"]
			c.APSLimit = 500
			f.cloud.capacity["payments.demo42"] = c
			f.engine.SetLast(revertedEarly)
		}},
		{name: "status_change_in_progress_after_failure", edit: func(f *handlerFixture) {
			f.cloud.capacity["payments.demo42"] = clients.NamespaceCapacity{Namespace: "payments.demo42",
				Current: clients.Provisioned(8), APSLimit: 4000,
				LatestRequest: &clients.CapacityRequest{State: clients.RequestInProgress, Target: clients.OnDemand(), StartTime: handlerNow.Add(-2 * time.Minute)}}
			f.engine.SetLast(failed)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, nil)
			tc.edit(f)
			r := f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status payments")
			if r.Refused || len(r.Status) != 0 {
				t.Errorf("reply %+v: an answer, not a refusal, and no running boost", r)
			}
			golden(t, tc.name, r.Text+"\n")
		})
	}
}

// TestStatusOfNamespaceWithoutBoostReadFailures: what could not be read is
// said, and the rest still shown.
func TestStatusOfNamespaceWithoutBoostReadFailures(t *testing.T) {
	f := newFixture(t, nil)
	delete(f.cloud.capacity, "payments.demo42")
	r := f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status payments")
	want := "No boost is running for payments.demo42.\nIts capacity could not be read just now: GetNamespace payments.demo42: not_found: not found.\nNo earlier boost of it is on record."
	if r.Text != want {
		t.Errorf("reply\n%s\nwant\n%s", r.Text, want)
	}
	r = f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status nosuch")
	if !r.Refused || r.Text != "There is no namespace nosuch in this Temporal Cloud account." {
		t.Errorf("unknown namespace answered %+v", r)
	}
	f.cloud.err = errors.New("unavailable")
	r = f.h.Handle(context.Background(), Caller{UserID: "U9", ChannelID: "C1"}, "status payments")
	if r.Text != "Could not list the namespaces: unavailable" {
		t.Errorf("listing failure answered %+v", r)
	}
}
