package metrics

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
)

// FuzzParse checks that no input makes the parser panic or put a NaN,
// infinite or negative number into a snapshot, and that the hand parser
// agrees with the expfmt reference. The seed corpus in testdata/fuzz/FuzzParse
// runs in every `go test`.
func FuzzParse(f *testing.F) {
	f.Add([]byte(referencePayload1))
	f.Add([]byte(okBody))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, fastErr := parseSnapshot(parseFast, bytes.NewReader(data))
		if fastErr == nil {
			checkInvariants(t, fast)
		} else if clients.KindOf(fastErr) != clients.KindMalformed {
			t.Fatalf("error %v is not KindMalformed", fastErr)
		}
		ref, refErr := parseSnapshot(parseExpfmt, bytes.NewReader(data))
		if refErr == nil {
			checkInvariants(t, ref)
		}
		switch {
		case fastErr != nil && refErr != nil:
			return
		case fastErr != nil && expfmtNameQuirk(fastErr):
			return
		case fastErr != nil:
			t.Fatalf("hand parser failed where expfmt succeeded: %v", fastErr)
		case refErr != nil:
			t.Fatalf("hand parser succeeded where expfmt failed: %v", refErr)
		}
		compareSnapshots(t, fast, ref)
	})
}

// expfmtNameQuirk reports known, deliberate disagreements about names, where
// expfmt accepts what no exposition writer produces and the hand parser
// rejects it: expfmt's name reader treats a '"' glued to a bare name as the
// start of a quoted part (`{A""}` is metric "A", `a"b"="v"` label "ab"), and
// it ends a bare metric name at the first character that cannot be part of
// one, so `A+0 5` is metric "A" with value +0 and timestamp 5. Valid names
// are covered by the table tests.
func expfmtNameQuirk(fastErr error) bool {
	msg := fastErr.Error()
	return strings.Contains(msg, "label name") || strings.Contains(msg, "metric name")
}

func checkInvariants(t *testing.T, s clients.UsageSnapshot) {
	t.Helper()
	if s.Namespaces == nil {
		t.Fatal("nil Namespaces")
	}
	for ns, u := range s.Namespaces {
		if ns == "" || u.Namespace != ns {
			t.Fatalf("namespace key %q holds %q", ns, u.Namespace)
		}
		for _, v := range []float64{u.ActionsPerSecond, u.BackgroundAPS, u.ActionLimit, u.ThrottledPerSecond, u.ProvisionedTRUs, u.OnDemandEnvelopeLimit} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("namespace %q has bad value %v: %+v", ns, v, u)
			}
		}
	}
	if len(s.Warnings) > maxWarnings+1 {
		t.Fatalf("%d warnings, more than the bound", len(s.Warnings))
	}
}

func compareSnapshots(t *testing.T, fast, ref clients.UsageSnapshot) {
	t.Helper()
	if len(fast.Namespaces) != len(ref.Namespaces) {
		t.Fatalf("hand parser found %d namespaces, expfmt %d", len(fast.Namespaces), len(ref.Namespaces))
	}
	for ns, f := range fast.Namespaces {
		r, ok := ref.Namespaces[ns]
		if !ok {
			t.Fatalf("namespace %q only in the hand parser's result", ns)
		}
		// Sums may differ in the last bits when expfmt sees the series in
		// another order; anything more is a real disagreement.
		if !usageOf(f).approxEqual(usageOf(r)) || !f.Timestamp.Equal(r.Timestamp) {
			t.Fatalf("namespace %q: hand parser %+v, expfmt %+v", ns, f, r)
		}
	}
	if len(fast.Warnings) <= maxWarnings && len(ref.Warnings) <= maxWarnings {
		fw, rw := slices.Sorted(slices.Values(fast.Warnings)), slices.Sorted(slices.Values(ref.Warnings))
		if !slices.Equal(fw, rw) {
			t.Fatalf("warnings differ:\nhand:   %q\nexpfmt: %q", fw, rw)
		}
	}
}
