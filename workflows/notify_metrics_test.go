package workflows

import (
	"errors"
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

// TestRevertFailuresAndAlertsAreCounted: each escalation of a failing revert
// is one revert failure and one error alert, seen from outside Slack.
func TestRevertFailuresAndAlertsAreCounted(t *testing.T) {
	h := newBoostHarness(t, clients.OnDemand(), boostTestPolicy())
	h.acts.Metrics = telemetry.New()
	end := 2 * time.Hour
	h.cloud.setErr = func(_ int, call boostFakeSet) error {
		if call.Target.Equal(clients.OnDemand()) && call.At.Before(boostT0.Add(end+40*time.Minute)) {
			return &clients.Error{Op: "UpdateNamespace", Namespace: boostNS, Kind: clients.KindPermission, Err: errors.New("key revoked")}
		}
		return nil
	}
	if st := h.run(boostTestRequest(4, end)); st.Phase != PhaseDone {
		t.Fatalf("boost ended %s", st.Phase)
	}
	m := h.acts.Metrics
	// First failure, then the 15-minute escalation (as in
	// TestBoostFailedRevertIsRetriedAndAlerted).
	if got := testutil.ToFloat64(m.RevertFailures); got != 2 {
		t.Errorf("revert failures = %v, want 2", got)
	}
	if got := testutil.ToFloat64(m.Alerts.WithLabelValues(string(SeverityError))); got != 2 {
		t.Errorf("error alerts = %v, want 2", got)
	}
}

// TestAlertSeveritiesStartAtZero keeps telemetry's preset list of alert
// severities equal to the workflow's.
func TestAlertSeveritiesStartAtZero(t *testing.T) {
	m := telemetry.New()
	severities := []StepSeverity{SeverityInfo, SeverityWarning, SeverityError}
	if got := testutil.CollectAndCount(m.Alerts); got != len(severities) {
		t.Errorf("%d alert series preset, want %d", got, len(severities))
	}
	for _, s := range severities {
		m.ObserveAlert(string(s))
	}
	if got := testutil.CollectAndCount(m.Alerts); got != len(severities) {
		t.Errorf("after one alert of each severity: %d series, want %d (a severity was not preset)", got, len(severities))
	}
}

// TestApprovalsAreCounted: each approval path counts one request and its
// outcome, and telemetry presets every outcome the workflow can record.
func TestApprovalsAreCounted(t *testing.T) {
	tests := []struct {
		name   string
		answer string // "": none, the request expires
		want   ApprovalDecision
	}{
		{"approved", UpdateApprove, ApprovalGranted},
		{"denied", UpdateDeny, ApprovalDenied},
		{"expired", "", ApprovalExpired},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, _ := newApprovalHarness(t)
			h.acts.Metrics = telemetry.New()
			if tc.answer != "" {
				h.at(10*time.Minute, func() { h.update(tc.answer, ApprovalRequest{Approver: "U2"}) })
			}
			h.run(bigBoost())
			m := h.acts.Metrics
			if got := testutil.CollectAndCount(m.Approvals); got != 4 {
				t.Errorf("%d approval series, want 4 (requested and three outcomes, preset)", got)
			}
			for _, event := range []string{telemetry.ApprovalRequested, string(ApprovalGranted), string(ApprovalDenied), string(ApprovalExpired)} {
				want := 0.0
				if event == telemetry.ApprovalRequested || event == string(tc.want) {
					want = 1
				}
				if got := testutil.ToFloat64(m.Approvals.WithLabelValues(event)); got != want {
					t.Errorf("%s counted %v, want %v", event, got, want)
				}
			}
		})
	}
}
