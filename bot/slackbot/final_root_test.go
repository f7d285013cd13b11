package slackbot

import (
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/workflows"
)

// A final root message states what happened and offers nothing to press:
// no buttons, no planned end, no cost floor "while boosted", no "verified"
// capacity of the boost.
func TestFinalRootMessagesTellWhatHappened(t *testing.T) {
	want := map[string][]string{
		"done":                 {"*Boost:* on-demand → 4 TRUs", "*Started:*", "20:01 UTC>, end time reached", "*Lasted:* 2h1m", "*Now:* back to on-demand (verified)"},
		"done_reverted_early":  {"18:40 UTC>, reverted early by <@U456>", "*Lasted:* 40m"},
		"done_cancelled":       {"cancelled (its workflow was cancelled in Temporal)", "*Lasted:* 1h"},
		"called_off":           {"called off before it started by <@U456>", "*Now:* nothing was changed"},
		"failed":               {"*Failed:*", "*Now:* left at on-demand (last seen)"},
		"failed_revert":        {"while ending the boost (end time reached)", "*Now:* left at 4 TRUs (last seen)"},
		"refused":              {"*Refused:*", "*Now:* nothing was changed"},
		"dryrun_done":          {"*Would have boosted:* on-demand → 4 TRUs", "*Checked:*", "nothing was changed (dry run)"},
		"done_reverted_anyway": {"20:20 UTC>, reverted anyway by <@U456>", "*Now:* back to on-demand (verified)"},
		"done_left_as_is": {"20:20 UTC>, left as is: capacity changed outside the bot to 6 TRUs (chosen by <@U456>)",
			"*Now:* left at 6 TRUs (changed outside the bot)"},
		"done_left_no_decision": {"21:00 UTC>, left as is: capacity changed outside the bot to 6 TRUs (no decision within 1h)",
			"*Now:* left at 6 TRUs (changed outside the bot)"},
		"approval_denied":  {"denied", "18:20 UTC>, denied by <@U456>: “not this week”", "*Now:* nothing was changed"},
		"approval_expired": {"not approved in time", "19:00 UTC>, not approved within 1h: the request expired", "*Now:* nothing was changed"},
	}
	finals := finalStatuses()
	if len(finals) != len(want) {
		t.Fatalf("%d final statuses, %d expectations", len(finals), len(want))
	}
	for name, st := range finals {
		t.Run(name, func(t *testing.T) {
			raw := blocksJSON(t, BoostRootBlocks(st))
			raw = strings.ReplaceAll(raw, `\u003c`, "<")
			raw = strings.ReplaceAll(strings.ReplaceAll(raw, `\u003e`, ">"), `\u0026`, "&")
			for _, w := range want[name] {
				if !strings.Contains(raw, w) {
					t.Errorf("final root lacks %q:\n%s", w, raw)
				}
			}
			for _, bad := range []string{ActionExtend, ActionRevert, ActionRevertAnyway, ActionLeaveAsIs, ActionApprove, ActionDeny, "*Ends:*", "while boosted", "(verified: "} {
				if strings.Contains(raw, bad) {
					t.Errorf("final root still shows %q:\n%s", bad, raw)
				}
			}
		})
	}
}

// A status from before the workflow recorded its end still renders as
// final, without inventing an end time or a reason.
func TestFinalRootWithoutRecordedEnd(t *testing.T) {
	st := boostStatus(workflows.PhaseDone)
	st.Reverted = true
	raw := blocksJSON(t, BoostRootBlocks(st))
	if strings.Contains(raw, "*Ended:*") || strings.Contains(raw, "*Lasted:*") || !strings.Contains(raw, "back to on-demand (verified)") {
		t.Errorf("old final status rendered as %s", raw)
	}
	if got := BoostRootText(finalStatuses()["done_reverted_early"]); !strings.HasSuffix(got, "; reverted early by <@U456>") {
		t.Errorf("notification text %q does not say how it ended", got)
	}
}
