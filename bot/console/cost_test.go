package console

import (
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

func TestCostInMoney(t *testing.T) {
	r := testReport()
	r.ActionPricePerMillion = 50
	out := renderReport(r, 100, "")
	for _, want := range []string{"1.08M ≈ $54.00/h", "720K ≈ $36.00/h"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(renderReport(testReport(), 100, ""), "$") {
		t.Error("report without a price shows money")
	}
	st := workflows.BoostStatus{Request: workflows.BoostRequest{Namespace: "payments.demo42", TRUs: 4}, Phase: workflows.PhasePlanned,
		Target: clients.Provisioned(4), MinActionsPerHour: 1.08e6, ActionPricePerMillion: 50}
	if got := renderRoot(st, false); !strings.HasSuffix(got, "cost floor 1.08M actions/h ≈ $54.00/h") {
		t.Errorf("root = %q, want its cost floor in money", got)
	}
}
