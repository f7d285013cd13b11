package testworld

import (
	"encoding/json"
	"testing"
	"time"
)

func TestFindButton(t *testing.T) {
	blocks := `[{"type":"actions","block_id":"acts","elements":[{"type":"button","action_id":"revert","value":"ns1","text":{"type":"plain_text","text":"Revert"}}]}]`
	tests := []struct {
		name      string
		blocks    string
		actionID  string
		wantBlock string
		wantValue string
		wantOK    bool
		wantErr   bool
	}{
		{name: "button present", blocks: blocks, actionID: "revert", wantBlock: "acts", wantValue: "ns1", wantOK: true},
		{name: "other action", blocks: blocks, actionID: "extend"},
		{name: "no blocks", blocks: `[]`, actionID: "revert"},
		{name: "not JSON", blocks: `{`, actionID: "revert", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			block, v, ok, err := FindButton(json.RawMessage(tt.blocks), tt.actionID)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if block != tt.wantBlock || v != tt.wantValue || ok != tt.wantOK {
				t.Errorf("FindButton = %q, %q, %v; want %q, %q, %v", block, v, ok, tt.wantBlock, tt.wantValue, tt.wantOK)
			}
		})
	}
}

func TestPoll(t *testing.T) {
	tests := []struct {
		name  string
		after int // calls before cond holds; -1 never
		want  bool
	}{
		{name: "holds at once", after: 0, want: true},
		{name: "holds later", after: 3, want: true},
		{name: "never holds", after: -1, want: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			calls := 0
			got := Poll(100*time.Millisecond, time.Millisecond, func() bool {
				calls++
				return tt.after >= 0 && calls > tt.after
			})
			if got != tt.want {
				t.Errorf("Poll = %v after %d calls, want %v", got, calls, tt.want)
			}
		})
	}
}

func TestClip(t *testing.T) {
	tests := []struct{ in, want string }{
		{"short", "short"},
		{"exactly10!", "exactly10!"},
		{"longer than ten", "longer tha…"},
	}
	for _, tt := range tests {
		if got := Clip(tt.in, 10); got != tt.want {
			t.Errorf("Clip(%q, 10) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
