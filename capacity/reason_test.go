package capacity

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckReason(t *testing.T) {
	tests := []struct {
		name      string
		reason    string
		wantChars int // 0: accepted
	}{
		{"empty", "", 0},
		{"at the limit", strings.Repeat("a", MaxReasonChars), 0},
		{"one over", strings.Repeat("a", MaxReasonChars+1), MaxReasonChars + 1},
		// 500 two-byte characters are 1000 bytes: still one Slack max_length.
		{"multi-byte at the limit", strings.Repeat("é", MaxReasonChars), 0},
		{"emoji over", strings.Repeat("🚀", MaxReasonChars+2), MaxReasonChars + 2},
	}
	for _, tc := range tests {
		err := CheckReason(tc.reason)
		var tooLong *ReasonTooLongError
		switch {
		case tc.wantChars == 0 && err != nil:
			t.Errorf("%s: CheckReason = %v, want nil", tc.name, err)
		case tc.wantChars > 0 && !errors.As(err, &tooLong):
			t.Errorf("%s: CheckReason = %v, want *ReasonTooLongError", tc.name, err)
		case tc.wantChars > 0 && tooLong.Chars != tc.wantChars:
			t.Errorf("%s: Chars = %d, want %d", tc.name, tooLong.Chars, tc.wantChars)
		}
	}
}
