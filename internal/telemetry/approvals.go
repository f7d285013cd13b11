package telemetry

import "github.com/prometheus/client_golang/prometheus"

// ApprovalRequested is the event of a boost (or an extension) asking for
// approval; the other events are its outcomes, the words of
// workflows.ApprovalDecision, which cannot be imported here (workflows
// imports telemetry). A test in workflows keeps the two equal.
const ApprovalRequested = "requested"

var approvalEvents = []string{ApprovalRequested, "approved", "denied", "expired"}

// newApprovals is capacitybot_boost_approvals_total, preset at zero for
// every event so that a rate of denials reads 0, not "no data".
func newApprovals() *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "capacitybot_boost_approvals_total",
		Help: "Approvals (two-person rule): boosts and extensions that asked for one (requested), and their outcomes (approved, denied, expired).",
	}, []string{"event"})
	for _, e := range approvalEvents {
		c.WithLabelValues(e)
	}
	return c
}

// ObserveApproval records an approval event: ApprovalRequested or an
// outcome. Safe on a nil *Metrics.
func (m *Metrics) ObserveApproval(event string) {
	if m == nil {
		return
	}
	m.Approvals.WithLabelValues(event).Inc()
}
