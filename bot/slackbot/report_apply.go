package slackbot

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/capacitybot/capacitybot/bot"
	"github.com/capacitybot/capacitybot/internal/humanize"
	"github.com/capacitybot/capacitybot/workflows"
)

// ActionApply is the Apply button on a report row that recommends a change.
// Everyone in the channel sees it; the clicker is authorized.
const ActionApply = "report_apply"

// applyBlockPrefix starts the block ID of a row's Apply section; the
// namespace follows, so the row can be found again to mark it.
const applyBlockPrefix = "apply/"

// maxApplyRows bounds the Apply rows of one report, within Slack's 50
// blocks per message; the rest are named in a note pointing at /capacity set.
const maxApplyRows = 20

// applyValue is an Apply button's value: the row's namespace and
// recommended capacity, and when the report was made (for the reason).
type applyValue struct {
	Namespace string `json:"n"`
	Capacity  string `json:"c"` // as /capacity set takes it: "on-demand" or TRUs
	Generated int64  `json:"g,omitempty"`
}

func (v applyValue) encode() string {
	b, _ := json.Marshal(v)
	return string(b)
}

func decodeApply(s string) (applyValue, error) {
	var v applyValue
	if err := json.Unmarshal([]byte(s), &v); err != nil || v.Namespace == "" || v.Capacity == "" {
		return applyValue{}, fmt.Errorf("decoding an Apply button's value %q: %w", humanize.Clip(s, 100), err)
	}
	return v, nil
}

// generated is when the report was made (zero when unknown).
func (v applyValue) generated() time.Time {
	if v.Generated == 0 {
		return time.Time{}
	}
	return time.Unix(v.Generated, 0).UTC()
}

// applyBlocks are the report's Apply rows: one section per row whose
// recommendation is a change, with its button.
func applyBlocks(r workflows.AnalysisReport) []slack.Block {
	var blocks []slack.Block
	more := 0
	for _, row := range r.Rows {
		if !bot.Applicable(row) {
			continue
		}
		if len(blocks) == maxApplyRows {
			more++
			continue
		}
		v := applyValue{Namespace: row.Namespace, Capacity: bot.CapacityArg(row.Recommended)}
		if !r.GeneratedAt.IsZero() {
			v.Generated = r.GeneratedAt.Unix()
		}
		btn := slack.NewButtonBlockElement(ActionApply, v.encode(), plain("Apply"))
		s := section(applyBlockPrefix+row.Namespace, applyRowText(row.Namespace, bot.RecommendationWords(row)))
		s.Accessory = slack.NewAccessory(btn)
		blocks = append(blocks, s)
	}
	if more > 0 {
		blocks = append(blocks, contextText("apply_more", fmt.Sprintf("%d more %s to apply: use `/capacity set <namespace> <TRUs|on-demand>`.",
			more, humanize.Plural(more, "recommendation", "recommendations"))))
	}
	return blocks
}

func applyRowText(ns, recommendation string) string {
	return fmt.Sprintf("*%s*: %s", escape(ns), escape(recommendation))
}

// MarkReportRow rewrites a report's blocks to show the outcome of the change
// its Apply button asked for on that row, without the button. found is false
// when the report has no such row (it was cut, or the message is another).
func MarkReportRow(blocks []slack.Block, u workflows.ReportRowUpdate) (out []slack.Block, found bool) {
	st := u.Status
	id := applyBlockPrefix + st.Request.Namespace
	at := st.EndedAt
	if at.IsZero() {
		at = st.StartedAt
	}
	mark := ":white_check_mark: "
	switch {
	case st.DryRun:
		mark = ":memo: "
	case st.Phase != workflows.PhaseDone:
		mark = ":x: "
	}
	words := mark + bot.ReportRowWords(st, slackTime(at))
	if u.Change.TS != "" {
		words += " · " + messageLink(u.Change, "the change's thread")
	}
	out = make([]slack.Block, 0, len(blocks))
	for _, b := range blocks {
		s, ok := b.(*slack.SectionBlock)
		if !ok || s.BlockID != id {
			out = append(out, b)
			continue
		}
		text := ""
		if s.Text != nil {
			text = strings.SplitN(s.Text.Text, "\n", 2)[0]
		}
		out = append(out, section(id, text+"\n"+words))
		found = true
	}
	return out, found
}

// slackTime is a time of day in the reader's zone ("14:05"), with UTC as
// the fallback text.
func slackTime(t time.Time) string {
	return fmt.Sprintf("<!date^%d^{time}|%s>", t.Unix(), t.UTC().Format("15:04 UTC"))
}

// messageLink links to a message by its channel and ts.
func messageLink(ref workflows.MessageRef, label string) string {
	return fmt.Sprintf("<https://slack.com/archives/%s/p%s|%s>", ref.Channel, strings.ReplaceAll(ref.TS, ".", ""), label)
}
