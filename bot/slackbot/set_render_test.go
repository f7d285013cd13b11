package slackbot

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/clients"
	"github.com/capacitybot/capacitybot/workflows"
)

// reportRef is the report message the set fixtures were applied from.
var reportRef = workflows.MessageRef{Channel: "C777", TS: "1700000000.000042"}

// setStatuses are a permanent change (/capacity set, from a report's Apply)
// in each way it can end, by golden file suffix.
func setStatuses() map[string]workflows.BoostStatus {
	base := func(phase workflows.BoostPhase) workflows.BoostStatus {
		return workflows.BoostStatus{
			Request: workflows.BoostRequest{Namespace: "analytics-etl.a1b2c", OnDemand: true, Permanent: true,
				Reason: "from the capacity report of 2026-11-26 14:00 UTC", Requester: "U123", Channel: "C777", Report: &reportRef},
			Phase: phase, Before: clients.Provisioned(8), Target: clients.OnDemand(), Observed: clients.Provisioned(8),
			StartedAt: t0, EndedAt: t0.Add(2 * time.Minute), WorkflowID: workflows.BoostWorkflowID("analytics-etl.a1b2c"),
		}
	}
	done := base(workflows.PhaseDone)
	done.Observed, done.Verified = clients.OnDemand(), true
	done.Message = "analytics-etl.a1b2c is now at on-demand (verified). This is a permanent change: nothing will revert it."
	failed := base(workflows.PhaseFailed)
	failed.Error = "Could not change analytics-etl.a1b2c to on-demand: Temporal Cloud reported the change as failed. analytics-etl.a1b2c is still at 8 TRUs; nothing was changed."
	refused := base(workflows.PhaseRefused)
	refused.StartedAt, refused.Observed = time.Time{}, clients.Provisioned(8)
	refused.Error = "A capacity change for analytics-etl.a1b2c is already in progress; try again when it has finished."
	dry := base(workflows.PhaseDone)
	dry.DryRun, dry.StartedAt = true, time.Time{}
	dry.Message = "Dry run: would set analytics-etl.a1b2c from 8 TRUs to on-demand as a permanent change (nothing reverts it); no floor. Nothing was changed."
	return map[string]workflows.BoostStatus{"done": done, "failed": failed, "refused": refused, "dryrun": dry}
}

// setPayloads are the golden payloads of permanent changes and of the
// report's Apply rows.
func setPayloads(out map[string]payload) {
	for name, st := range setStatuses() {
		out["set_root_"+name] = payload{messageKind, BoostRootBlocks(st)}
	}
	r := report(4, 80)
	out["report_apply"] = payload{messageKind, RenderReport(r).Blocks}
	applied, _ := MarkReportRow(RenderReport(r).Blocks, workflows.ReportRowUpdate{Report: reportRef,
		Change: workflows.MessageRef{Channel: "C777", TS: "1700000000.000050"}, Status: appliedRow(setStatuses()["done"])})
	out["report_applied"] = payload{messageKind, applied}
	failedRow, _ := MarkReportRow(applied, workflows.ReportRowUpdate{Report: reportRef, Status: appliedRow(setStatuses()["failed"], "namespace-0003.acct")})
	out["report_applied_and_failed"] = payload{messageKind, failedRow}
	ns := modalNamespace()
	ns.Capacity.Current, ns.Info.Current, ns.SuggestedOnDemand = clients.Provisioned(8), clients.Provisioned(8), true
	out["modal_apply"] = payload{modalKind, PrefilledModal("C777", ns, ModalPrefill{Permanent: true,
		Reason: "from the capacity report of 2026-11-26 14:00 UTC", Report: &reportRef}, modalOpts)}
}

// appliedRow is st as the change of a report row's namespace (the first
// actionable one of report(4, 80) unless named).
func appliedRow(st workflows.BoostStatus, ns ...string) workflows.BoostStatus {
	st.Request.Namespace = "namespace-0000.acct"
	if len(ns) > 0 {
		st.Request.Namespace = ns[0]
	}
	return st
}

func TestReportApplyRows(t *testing.T) {
	r := report(4, 80)
	var applies []string
	for _, b := range RenderReport(r).Blocks {
		if s, ok := b.(*slack.SectionBlock); ok && s.Accessory != nil && s.Accessory.ButtonElement != nil {
			v, err := decodeApply(s.Accessory.ButtonElement.Value)
			if err != nil {
				t.Fatal(err)
			}
			applies = append(applies, v.Namespace+"="+v.Capacity)
		}
	}
	// Row 1 is an error and row 2 keeps: neither gets a button.
	want := []string{"namespace-0000.acct=on-demand", "namespace-0003.acct=on-demand"}
	if !reflect.DeepEqual(applies, want) {
		t.Errorf("Apply buttons %v, want %v", applies, want)
	}
	big := RenderReport(report(250, 120)).Blocks
	if len(big) > 50 {
		t.Errorf("a large report has %d blocks, over Slack's 50", len(big))
	}
}

// TestMarkedReportSurvivesAReadBack checks that a report read back from
// Slack (blocks decoded by slack-go) re-encodes as it was posted, so marking
// a row keeps the table and the other rows' marks.
func TestMarkedReportSurvivesAReadBack(t *testing.T) {
	posted, err := json.Marshal(RenderReport(report(4, 80)).Blocks)
	if err != nil {
		t.Fatal(err)
	}
	var read slack.Blocks
	if err := json.Unmarshal(posted, &read); err != nil {
		t.Fatal(err)
	}
	again, err := json.Marshal(read.BlockSet)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != string(posted) {
		t.Fatalf("report blocks change on a read back:\nposted %s\nread   %s", posted, again)
	}
	marked, found := MarkReportRow(read.BlockSet, workflows.ReportRowUpdate{Report: reportRef, Status: appliedRow(setStatuses()["done"])})
	if !found {
		t.Fatal("applied row not found")
	}
	b, _ := json.Marshal(marked)
	for _, want := range []string{"applied by ", "report_table", "namespace-0003.acct"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("marked report lacks %q", want)
		}
	}
	if strings.Count(string(b), ActionApply) != 1 {
		t.Errorf("want one Apply button left (namespace-0003), got %d", strings.Count(string(b), ActionApply))
	}
	if _, found := MarkReportRow(read.BlockSet, workflows.ReportRowUpdate{Status: appliedRow(setStatuses()["done"], "other.acct")}); found {
		t.Error("a row not in the report was found")
	}
}
