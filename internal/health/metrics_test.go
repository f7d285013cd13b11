package health

import (
	"strings"
	"testing"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

// TestReadinessIsServedAsMetrics: /metrics says what /readyz says, so that
// an alert can fire on a replica that is up but not ready.
func TestReadinessIsServedAsMetrics(t *testing.T) {
	s := New("127.0.0.1:0", telemetry.New(), nil)
	var chat switchable
	s.Register("chat", chat.check)
	h := s.Handler()
	steps := []struct {
		name string
		act  func()
		want []string
	}{
		{"chat down", func() {}, []string{"capacitybot_ready 0", "capacitybot_draining 0"}},
		{"chat up", func() { chat.up.Store(true) }, []string{"capacitybot_ready 1", "capacitybot_draining 0"}},
		{"draining", s.SetDraining, []string{"capacitybot_ready 0", "capacitybot_draining 1"}},
	}
	for _, st := range steps {
		st.act()
		code, body := get(t, h, "/metrics")
		if code != 200 {
			t.Fatalf("%s: /metrics answered %d", st.name, code)
		}
		for _, line := range st.want {
			if !strings.Contains(body, "\n"+line+"\n") {
				t.Errorf("%s: /metrics lacks %q", st.name, line)
			}
		}
	}
}
