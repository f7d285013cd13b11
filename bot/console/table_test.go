package console

import (
	"slices"
	"strings"
	"testing"
)

func TestWrapText(t *testing.T) {
	for _, tc := range []struct {
		text  string
		width int
		want  []string
	}{
		{"", 10, []string{""}},
		{"short", 10, []string{"short"}},
		{"p99 above 2 TRUs", 10, []string{"p99 above", "2 TRUs"}},
		{"exactly ten", 11, []string{"exactly ten"}},
		{"  spaces   collapse  ", 20, []string{"spaces collapse"}},
		{"a supercalifragilistic word", 8, []string{"a", "supercal", "ifragili", "stic", "word"}},
	} {
		if got := wrapText(tc.text, tc.width); !slices.Equal(got, tc.want) {
			t.Errorf("wrapText(%q, %d) = %q, want %q", tc.text, tc.width, got, tc.want)
		}
	}
}

// TestTableKeepsColumnsAligned: every line of a wrapped row starts its
// wrapped part, and the next column, at the same offsets as the header.
func TestTableKeepsColumnsAligned(t *testing.T) {
	out := table([]string{"NAME", "WHY", "LAST"}, []string{"", "why", "last"},
		[][]string{{"a", strings.Repeat("word ", 12), "1"}, {"bbbbbb", "short", "22"}}, 1, 40)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	whyAt := strings.Index(lines[0], "WHY")
	lastAt := strings.Index(lines[0], "LAST")
	if len(lines) < 4 {
		t.Fatalf("the long cell did not wrap:\n%s", out)
	}
	for _, l := range lines[1:] {
		if len(l) < whyAt || l[whyAt-1] != ' ' || l[whyAt] == ' ' {
			t.Errorf("line %q does not start its WHY part at %d", l, whyAt)
		}
		if len(l) > lastAt && l[lastAt-1] != ' ' {
			t.Errorf("line %q runs into the LAST column at %d", l, lastAt)
		}
	}
}
