package bot

import "testing"

// TestCSVKeepsNumbersAndDefusesFormulas: text that a spreadsheet would run
// gets a leading quote; numbers, negative ones included, stay numbers.
func TestCSVKeepsNumbersAndDefusesFormulas(t *testing.T) {
	for _, tt := range []struct{ cell, want string }{
		{"-2.5", "-2.5"},
		{"=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""},
		{"+1 TRU", "'+1 TRU"},
		{"@here", "'@here"},
		{"payments.acct", "payments.acct"},
		{"", ""},
	} {
		got := string(CSV([]string{"h"}, [][]string{{tt.cell}}))
		if want := "h\n" + tt.want + "\n"; got != want {
			t.Errorf("cell %q written as %q, want %q", tt.cell, got, want)
		}
	}
}
