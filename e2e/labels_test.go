package e2e

import (
	"context"
	"encoding/json"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/bot/slackbot"
	"github.com/capacitybot/capacitybot/capacity"
	"github.com/capacitybot/capacitybot/clients/simcloud"
	"github.com/capacitybot/capacitybot/internal/fakeslack"
	"github.com/capacitybot/capacitybot/internal/testworld"
	"github.com/capacitybot/capacitybot/workflows"
)

// labelOutcome is what the bot showed for one label form: the report's
// table and each throttling alert's Boost button value, by namespace ID.
type labelOutcome struct {
	table   string
	buttons map[string]string
}

// TestLabelFormsGiveTheSameReportAndWatch runs the analysis and the
// throttling watch against the simulated Metrics API serving the
// temporal_namespace label as namespace IDs and as bare names: the report's
// table, the alerts and their Boost buttons are the same, and name the
// namespace ID.
func TestLabelFormsGiveTheSameReportAndWatch(t *testing.T) {
	hot := []string{"checkout-prod." + simcloud.DemoAccountID, "orders-prod." + simcloud.DemoAccountID}
	got := map[capacity.NameForm]labelOutcome{}
	for _, form := range []capacity.NameForm{capacity.FormID, capacity.FormName} {
		t.Run(string(form), func(t *testing.T) {
			got[form] = runLabelForm(t, form, hot)
		})
	}
	id, name := got[capacity.FormID], got[capacity.FormName]
	if id.table == "" || id.table != name.table {
		t.Errorf("report tables differ by label form:\nid:   %s\nname: %s", id.table, name.table)
	}
	if len(id.buttons) != len(hot) || !maps.Equal(id.buttons, name.buttons) {
		t.Errorf("Boost buttons differ by label form:\nid:   %v\nname: %v", id.buttons, name.buttons)
	}
}

func runLabelForm(t *testing.T, form capacity.NameForm, hot []string) labelOutcome {
	tc := testworld.StartTemporal(t)
	cloud := testworld.StartCloud(t, simcloud.DemoAccount(), simcloud.Options{OpDelay: time.Second,
		CheckDuration: 200 * time.Millisecond, MetricsLabelForm: form})
	e := &env{t: t, slack: newFakeSlack(t), cloud: cloud, tc: tc, tq: testworld.TaskQueue(t, "e2e-labels-")}
	e.proc = startProcess(t, e.tc, e.cloud, e.slack, e.tq)
	t.Cleanup(e.proc.stop)

	e.ack(e.command(allowed, "analyze", "trig-analyze"), "/capacity analyze")
	report := e.waitCall(0, wait, "analysis report in the channel", isReport)
	out := labelOutcome{table: reportTable(t, report), buttons: map[string]string{}}
	if strings.Contains(string(report.Blocks()), "not in Cloud Ops") {
		t.Errorf("%s labels: the report warns of namespaces missing from Cloud Ops: %s", form, report.Blocks())
	}

	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	if err := workflows.StartThrottleWatch(ctx, e.tc, e.tq, workflows.WatchConfig{Interval: time.Second, Threshold: 0.9, MaxTRUs: 8}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = e.tc.TerminateWorkflow(context.Background(), workflows.ThrottleWatchWorkflowID, "", "test over")
	})
	for _, ns := range hot {
		alert := e.waitCall(0, wait, "throttling alert for "+ns, func(c fakeslack.Call) bool {
			return c.Method == "chat.postMessage" && c.Param("channel") == alertChannel &&
				strings.HasPrefix(strings.TrimPrefix(strings.TrimPrefix(c.Param("text"), ":rotating_light: "), ":warning: "), ns+" ")
		})
		v, ok := buttonValue(t, alert.Blocks(), slackbot.ActionWatchBoost)
		if !ok {
			t.Errorf("%s labels: the alert for %s has no Boost button: %s", form, ns, alert.Blocks())
		}
		out.buttons[ns] = v
	}
	return out
}

// reportTable is the report's table block as JSON.
func reportTable(t *testing.T, c fakeslack.Call) string {
	t.Helper()
	var blocks []json.RawMessage
	if err := json.Unmarshal(c.Blocks(), &blocks); err != nil {
		t.Fatalf("decoding report blocks: %v", err)
	}
	for _, b := range blocks {
		if strings.Contains(string(b), `"type":"table"`) {
			return string(b)
		}
	}
	t.Fatalf("no table in the report: %s", c.Blocks())
	return ""
}
