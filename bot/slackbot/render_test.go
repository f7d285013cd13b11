package slackbot

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/workflows"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

type payloadKind int

const (
	messageKind payloadKind = iota
	modalKind
	ackKind
	homeKind
)

type payload struct {
	kind payloadKind
	v    any
}

// payloads are every Block Kit payload the bot sends, one golden file each.
func payloads() map[string]payload {
	msg := func(blocks []slack.Block) payload { return payload{messageKind, blocks} }
	out := map[string]payload{}
	for _, p := range []workflows.BoostPhase{workflows.PhasePlanned, workflows.PhaseWaiting, workflows.PhaseApplying,
		workflows.PhaseActive, workflows.PhaseReverting} {
		st := boostStatus(p)
		if p == workflows.PhaseWaiting {
			st.Request.Start = t0.Add(time.Hour)
		}
		out["boost_root_"+string(p)] = msg(BoostRootBlocks(st))
	}
	for name, st := range finalStatuses() {
		out["boost_root_"+name] = msg(BoostRootBlocks(st))
	}
	sim := boostStatus(workflows.PhaseActive)
	sim.Simulated, sim.DryRun, sim.End, sim.Request.End = true, true, time.Time{}, time.Time{}
	out["boost_root_dryrun_simulated_no_end"] = msg(BoostRootBlocks(sim))
	out["boost_step_info"] = msg(BoostStepBlocks(boostStatus(workflows.PhaseActive), workflows.Step{
		Phase: workflows.PhaseActive, Severity: workflows.SeverityInfo, Text: "Capacity is 4 TRUs (verified).", At: t0}))
	out["boost_step_error"] = msg(BoostStepBlocks(boostStatus(workflows.PhaseFailed), workflows.Step{
		Phase: workflows.PhaseReverting, Severity: workflows.SeverityError, Text: "Revert failed: <unavailable>; retrying.", At: t0}))
	out["alert"] = msg(AlertBlocks(workflows.Alert{
		Namespace: "orders-prod.a1b2c", Requester: "U123", Severity: workflows.SeverityError,
		Title: "Revert of orders-prod.a1b2c failed", Text: "Cloud Ops said: unavailable. Retrying for up to 6h.",
		Thread: workflows.MessageRef{Channel: "C777", TS: "1700000000.000100"}, WorkflowID: "capacity-boost-orders-prod.a1b2c", Simulated: true}))
	deciding := decidingStatus()
	out["boost_root_awaiting_decision"] = msg(BoostRootBlocks(deciding))
	out["boost_step_external_change"] = msg(BoostStepBlocks(deciding, workflows.Step{Phase: workflows.PhaseDeciding,
		Severity: workflows.SeverityWarning, Text: externalChangeText, At: t0.Add(2 * time.Hour), ExternalChange: deciding.ExternalChange}))
	out["alert_external_change"] = msg(AlertBlocks(externalChangeAlert()))
	awaiting := awaitingApprovalStatus()
	out["boost_root_awaiting_approval"] = msg(BoostRootBlocks(awaiting))
	out["boost_step_approval_card"] = msg(BoostStepBlocks(awaiting, workflows.Step{Phase: workflows.PhaseAwaitingApproval,
		Severity: workflows.SeverityInfo, Text: approvalText, At: t0, Approval: awaiting.Approval}))
	out["alert_approval_card"] = msg(AlertBlocks(workflows.Alert{Namespace: awaiting.Request.Namespace, Requester: "U123",
		Severity: workflows.SeverityInfo, Title: "Boost of orders-prod.a1b2c to 10 TRUs needs approval", Text: approvalText,
		Thread: workflows.MessageRef{Channel: "C777", TS: "1700000000.000100"}, WorkflowID: awaiting.WorkflowID, Approval: awaiting.Approval}))
	out["boost_root_approved"] = msg(BoostRootBlocks(approvedStatus()))
	out["report_small"] = msg(RenderReport(report(4, 80)).Blocks)
	out["report_large"] = msg(RenderReport(report(250, 120)).Blocks)
	out["report_tenants"] = msg(RenderReport(tenantReport(tenantNamespaces)).Blocks)
	out["modal_initial"] = payload{modalKind, BoostModal("C777", nil, modalOpts)}
	out["modal_namespace"] = payload{modalKind, BoostModal("C777", modalNamespace(), modalOpts)}
	errNS := &ModalNamespace{Name: "gone.x", Err: "GetNamespace gone.x: not_found"}
	out["modal_namespace_error"] = payload{modalKind, BoostModal("C777", errNS, modalOpts)}
	none := modalNamespace()
	none.Info.MaxAvailableTRUs = 1
	out["modal_no_valid_trus"] = payload{modalKind, BoostModal("C777", none, modalOpts)}
	// A TRU value suggested (a watch alert's Boost button) and a price:
	// the cost floor of 4 TRUs over the default 2h, in actions and money.
	priced := modalNamespace()
	priced.SuggestedTRUs = 4
	pricedOpts := modalOpts
	pricedOpts.ActionPricePerMillion = 50
	out["modal_cost_price"] = payload{modalKind, BoostModal("C777", priced, pricedOpts)}
	// The form after its TRUs changed to 6 and its end to 30m from now:
	// the same view, its cost block rewritten.
	changed := formState{meta: `{"c":"C777","n":"orders-prod.a1b2c"}`, ns: "orders-prod.a1b2c", trus: "6", endAt: t0.Add(30 * time.Minute).Unix(), channel: "C777"}.view()
	opened := BoostModal("C777", priced, pricedOpts)
	changed.Blocks, changed.Title, changed.Submit, changed.Close = opened.Blocks, opened.Title, opened.Submit, opened.Close
	trus, window := formCost(changed, t0)
	out["modal_cost_changed"] = payload{modalKind, withBlock(changed, costBlock(trus, window, 50), BlockEndAt)}
	// Field errors for a start in the past and an end before the start.
	_, timeErrs := DecodeBoostSubmission(formState{meta: `{"c":"C777","n":"orders-prod.a1b2c"}`, ns: "orders-prod.a1b2c", trus: "4",
		start: t0.Add(-time.Hour).Unix(), endAt: t0.Add(-2 * time.Hour).Unix(), channel: "C777"}.view(), t0)
	out["ack_errors_times"] = payload{ackKind, slack.NewErrorsViewSubmissionResponse(timeErrs)}
	out["help"] = msg(HelpBlocks(false))
	out["help_simulated"] = msg(HelpBlocks(true))
	out["reply_status"] = msg(ReplyBlocks(bot.Reply{Text: "2 boosts are running.", Status: []workflows.BoostStatus{
		boostStatus(workflows.PhaseActive), boostStatus(workflows.PhaseWaiting)}}))
	names := make([]string, 130)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%03d", strings.Repeat("n", 60), i)
	}
	out["ack_options"] = payload{ackKind, namespaceOptions(names[:5])}
	out["ack_options_full"] = payload{ackKind, namespaceOptions(names)}
	out["ack_errors"] = payload{ackKind, slack.NewErrorsViewSubmissionResponse(boostErrors(&workflows.RefusalError{Field: workflows.FieldTRUs, Message: "This bot may boost to at most 8 TRUs; 16 were asked."}, slack.View{}))}
	out["ack_clear"] = payload{ackKind, slack.NewClearViewSubmissionResponse()}
	maps.Copy(out, homePayloads())
	setPayloads(out)
	return out
}

func TestGoldenPayloads(t *testing.T) {
	for name, p := range payloads() {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(p.v, "", "  ")
			if err != nil {
				t.Fatalf("marshal: %v", err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", name+".golden.json")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("reading golden (run go test ./bot/slackbot -update): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from its golden file; if intended, run go test ./bot/slackbot -update\ngot:\n%s", name, got)
			}
		})
	}
}

func TestPayloadLimits(t *testing.T) {
	all := payloads()
	// Stress cases: not golden, but they must stay within the limits too.
	long := boostStatus(workflows.PhaseFailed)
	long.Request.Namespace = strings.Repeat("x", 300)
	long.Request.Reason = strings.Repeat("é", 5000)
	long.Error, long.Message = strings.Repeat("e", 9000), strings.Repeat("m", 9000)
	all["stress_root"] = payload{messageKind, BoostRootBlocks(long)}
	all["stress_report"] = payload{messageKind, RenderReport(report(1000, 2000)).Blocks}
	many := make([]workflows.BoostStatus, 30)
	for i := range many {
		many[i] = long
	}
	all["stress_status"] = payload{messageKind, ReplyBlocks(bot.Reply{Text: strings.Repeat("word ", 20000), Status: many})}
	huge := modalNamespace()
	huge.Name = strings.Repeat("n", 400)
	for i := range 300 {
		huge.Info.ValidTRUs = append(huge.Info.ValidTRUs, float64(i))
	}
	huge.Info.MaxAvailableTRUs, huge.Err = 0, ""
	all["stress_modal"] = payload{modalKind, BoostModal(strings.Repeat("C", 100), huge, ModalOptions{})}

	for name, p := range all {
		t.Run(name, func(t *testing.T) {
			raw, err := json.Marshal(p.v)
			if err != nil {
				t.Fatal(err)
			}
			switch p.kind {
			case messageKind:
				checkBlocks(t, raw, maxMessageBlocks)
			case modalKind:
				checkModal(t, raw)
			case homeKind:
				checkHome(t, raw)
			case ackKind:
				resp, _ := json.Marshal(map[string]any{"envelope_id": "01234567-89ab-cdef-0123-456789abcdef", "payload": json.RawMessage(raw)})
				if len(resp) >= maxAckBytes {
					t.Errorf("ack is %d bytes, limit %d", len(resp), maxAckBytes)
				}
			}
		})
	}
}

type jsonBlock struct {
	Type    string `json:"type"`
	BlockID string `json:"block_id"`
	Text    *struct {
		Type string `json:"type"`
		Text string `json:"text"`
	} `json:"text"`
	Fields         []json.RawMessage   `json:"fields"`
	Elements       []json.RawMessage   `json:"elements"`
	Rows           [][]json.RawMessage `json:"rows"`
	ColumnSettings []json.RawMessage   `json:"column_settings"`
}

func checkBlocks(t *testing.T, raw []byte, maxBlocks int) {
	t.Helper()
	var blocks []jsonBlock
	if err := json.Unmarshal(raw, &blocks); err != nil {
		t.Fatalf("blocks: %v", err)
	}
	if len(blocks) == 0 || len(blocks) > maxBlocks {
		t.Errorf("%d blocks, want 1..%d", len(blocks), maxBlocks)
	}
	ids := map[string]bool{}
	tables := 0
	for i, b := range blocks {
		if n := utf8.RuneCountInString(b.BlockID); n > 255 {
			t.Errorf("block %d: block_id of %d chars", i, n)
		}
		if b.BlockID != "" && ids[b.BlockID] {
			t.Errorf("block %d: duplicate block_id %q", i, b.BlockID)
		}
		ids[b.BlockID] = true
		switch b.Type {
		case "section":
			if b.Text == nil || b.Text.Text == "" || utf8.RuneCountInString(b.Text.Text) > maxSectionText {
				t.Errorf("block %d: section text must be 1..3000 chars", i)
			}
			if len(b.Fields) > 10 {
				t.Errorf("block %d: %d fields", i, len(b.Fields))
			}
		case "header":
			if b.Text == nil || b.Text.Type != "plain_text" || utf8.RuneCountInString(b.Text.Text) > maxHeaderText {
				t.Errorf("block %d: header must be plain_text of at most 150 chars", i)
			}
		case "context":
			if len(b.Elements) == 0 || len(b.Elements) > 10 {
				t.Errorf("block %d: context with %d elements", i, len(b.Elements))
			}
		case "actions":
			if len(b.Elements) > 25 {
				t.Errorf("block %d: %d actions", i, len(b.Elements))
			}
		case "table":
			tables++
			checkTable(t, i, b)
		}
	}
	if tables > 1 {
		t.Errorf("%d tables in one message; Slack allows one", tables)
	}
}

func checkTable(t *testing.T, i int, b jsonBlock) {
	t.Helper()
	if len(b.Rows) > maxTableRows {
		t.Errorf("block %d: table of %d rows", i, len(b.Rows))
	}
	if len(b.ColumnSettings) > maxTableCells {
		t.Errorf("block %d: %d column settings", i, len(b.ColumnSettings))
	}
	text := 0
	for r, row := range b.Rows {
		if len(row) > maxTableCells {
			t.Errorf("block %d row %d: %d cells", i, r, len(row))
		}
		for _, c := range row {
			var cell struct {
				Type string `json:"type"`
				Text string `json:"text"`
			}
			_ = json.Unmarshal(c, &cell)
			text += utf8.RuneCountInString(cell.Text)
			if cell.Type != "raw_text" {
				text += len(c) / 4 // rich text header cells: a rough count
			}
		}
	}
	if text > maxTableText {
		t.Errorf("block %d: %d characters of cell text, limit %d", i, text, maxTableText)
	}
}

func checkModal(t *testing.T, raw []byte) {
	t.Helper()
	var v struct {
		Title, Submit, Close *struct {
			Text string `json:"text"`
		}
		PrivateMetadata string          `json:"private_metadata"`
		CallbackID      string          `json:"callback_id"`
		Blocks          json.RawMessage `json:"blocks"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	for name, txt := range map[string]*struct {
		Text string `json:"text"`
	}{"title": v.Title, "submit": v.Submit, "close": v.Close} {
		if txt == nil || txt.Text == "" || utf8.RuneCountInString(txt.Text) > maxViewLabel {
			t.Errorf("modal %s must be 1..24 chars", name)
		}
	}
	if len(v.PrivateMetadata) > maxMetadata || len(v.CallbackID) > 255 {
		t.Errorf("private_metadata %d chars, callback_id %d chars", len(v.PrivateMetadata), len(v.CallbackID))
	}
	checkBlocks(t, v.Blocks, maxModalBlocks)
	var view slack.ModalViewRequest
	if err := json.Unmarshal(raw, &view); err != nil {
		t.Fatalf("modal does not decode: %v", err)
	}
	if !slack.ValidateUniqueBlockID(view) {
		t.Error("modal block IDs are not unique")
	}
}
