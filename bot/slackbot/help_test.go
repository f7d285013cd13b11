package slackbot

import (
	"strings"
	"testing"
)

// The harness bot is simulated: its help reply's text carries the marker,
// and it must still be laid out as help (chosen by the reply's kind).
func TestHelpKeepsItsLayoutWhenSimulated(t *testing.T) {
	h := startBot(t, 1)
	mark := h.slack.Mark()
	h.ack(h.command(stranger, "help"), "slash help")
	c := h.replyAfter(mark, stranger, contains("Usage of /capacity"))
	if !strings.HasPrefix(c.Param("text"), "[SIMULATED] ") {
		t.Errorf("help text %q does not start with the simulated marker", c.Param("text"))
	}
	blocks := c.Param("blocks")
	for _, want := range []string{`"help_head"`, `"help_sim"`} {
		if !strings.Contains(blocks, want) {
			t.Errorf("help reply has no %s block; blocks: %s", want, blocks)
		}
	}
}
