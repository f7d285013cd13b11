package workflows

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// TestBoostPhasesAreCounted runs a whole boost and checks that every phase it
// entered is counted once in the boosts-by-phase metric, and that steps
// which do not change the phase (e.g. the reminder) are not.
func TestBoostPhasesAreCounted(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.acts.Metrics = telemetry.New()
	st := h.run(boostTestRequest(4, 2*time.Hour))
	if st.Phase != PhaseDone {
		t.Fatalf("boost ended %s", st.Phase)
	}
	for phase, want := range map[BoostPhase]float64{PhasePlanned: 0, PhaseApplying: 1, PhaseActive: 1, PhaseReverting: 1, PhaseDone: 1, PhaseFailed: 0} {
		if got := testutil.ToFloat64(h.acts.Metrics.BoostPhases.WithLabelValues(string(phase))); got != want {
			t.Errorf("phase %s counted %v times, want %v", phase, got, want)
		}
	}
}
