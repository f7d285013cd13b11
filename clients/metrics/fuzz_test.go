package metrics

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"testing"
	"testing/iotest"

	"github.com/capacitybot/capacitybot/clients"
)

// probeNamespace is the namespace FuzzParse adds a sample of; the name is
// one no seed uses.
const (
	probeNamespace = "fuzz-probe.acct"
	probeValue     = 1.5
)

// FuzzParse checks properties of the parser on any input: it does not panic;
// a failure is a KindMalformed *clients.Error; a success carries no NaN,
// infinite or negative number and no more warnings than the bound; the
// result does not depend on how the body arrives (one byte per read); and
// the sums are consistent: a foreground action-count sample for a new
// namespace, put in front of the body, adds exactly its value to that
// namespace and changes nothing else. The seed corpus in
// testdata/fuzz/FuzzParse runs in every `go test`.
func FuzzParse(f *testing.F) {
	f.Add([]byte(referencePayload1))
	f.Add([]byte(okBody))
	f.Fuzz(func(t *testing.T, data []byte) {
		snap, err := Parse(bytes.NewReader(data))
		slow, slowErr := Parse(iotest.OneByteReader(bytes.NewReader(data)))
		if (err == nil) != (slowErr == nil) || err != nil && err.Error() != slowErr.Error() {
			t.Fatalf("errors differ with one byte per read: %v, %v", err, slowErr)
		}
		if err != nil {
			var ce *clients.Error
			if !errors.As(err, &ce) || ce.Kind != clients.KindMalformed || ce.Op != opParse {
				t.Fatalf("error %v is not a KindMalformed *clients.Error of %s", err, opParse)
			}
			return
		}
		checkInvariants(t, snap)
		if !reflect.DeepEqual(snap, slow) {
			t.Fatalf("results differ with one byte per read:\n%+v\n%+v", snap, slow)
		}
		if _, ok := snap.Namespaces[probeNamespace]; ok {
			return
		}
		probe := mCount + `{temporal_namespace="` + probeNamespace + `"} 1.5` + "\n"
		withProbe, err := Parse(bytes.NewReader(append([]byte(probe), data...)))
		if err != nil {
			t.Fatalf("body parsed alone but not after a valid sample line: %v", err)
		}
		checkProbe(t, snap, withProbe)
	})
}

// checkProbe checks that withProbe is base plus the probe sample.
func checkProbe(t *testing.T, base, withProbe clients.UsageSnapshot) {
	t.Helper()
	if got := withProbe.Namespaces[probeNamespace]; got.ActionsPerSecond != probeValue || got.BackgroundAPS != 0 || got.ActionLimit != 0 {
		t.Fatalf("probe namespace = %+v, want only %v actions/s", got, probeValue)
	}
	if len(withProbe.Namespaces) != len(base.Namespaces)+1 {
		t.Fatalf("the probe changed the namespaces: %d before, %d after", len(base.Namespaces), len(withProbe.Namespaces))
	}
	for ns, u := range base.Namespaces {
		if w := withProbe.Namespaces[ns]; w != u {
			t.Fatalf("namespace %q changed with the probe: %+v, then %+v", ns, u, w)
		}
	}
	if !reflect.DeepEqual(base.Warnings, withProbe.Warnings) {
		t.Fatalf("warnings changed with the probe: %q, then %q", base.Warnings, withProbe.Warnings)
	}
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
