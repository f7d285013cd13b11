package health

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/telemetry"
)

func get(t *testing.T, h http.Handler, path string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String()
}

func readiness(t *testing.T, h http.Handler) (int, Readiness) {
	t.Helper()
	code, body := get(t, h, "/readyz")
	var r Readiness
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("readyz body %q: %v", body, err)
	}
	return code, r
}

// switchable is a readiness part a test turns on.
type switchable struct{ up atomic.Bool }

func (s *switchable) check() error {
	if s.up.Load() {
		return nil
	}
	return errors.New("not connected yet")
}

func TestReadyOnlyWhenAllPartsUpAndNotDraining(t *testing.T) {
	s := New("127.0.0.1:0", telemetry.New(), nil)
	var worker, chat switchable
	s.Register("worker", worker.check)
	s.Register("chat", chat.check)
	h := s.Handler()

	steps := []struct {
		name      string
		act       func()
		wantCode  int
		wantParts map[string]string
		draining  bool
	}{
		{"nothing up", func() {}, 503, map[string]string{"worker": "not connected yet", "chat": "not connected yet"}, false},
		{"worker up", func() { worker.up.Store(true) }, 503, map[string]string{"worker": "ok", "chat": "not connected yet"}, false},
		{"all up", func() { chat.up.Store(true) }, 200, map[string]string{"worker": "ok", "chat": "ok"}, false},
		{"chat lost", func() { chat.up.Store(false) }, 503, map[string]string{"worker": "ok", "chat": "not connected yet"}, false},
		{"chat back", func() { chat.up.Store(true) }, 200, map[string]string{"worker": "ok", "chat": "ok"}, false},
		{"draining", s.SetDraining, 503, map[string]string{"worker": "ok", "chat": "ok"}, true},
	}
	for _, st := range steps {
		st.act()
		code, r := readiness(t, h)
		if code != st.wantCode || r.Ready != (st.wantCode == 200) || r.Draining != st.draining {
			t.Errorf("%s: code %d ready %v draining %v; want %d, draining %v", st.name, code, r.Ready, r.Draining, st.wantCode, st.draining)
		}
		for name, want := range st.wantParts {
			if r.Parts[name] != want {
				t.Errorf("%s: part %s = %q, want %q", st.name, name, r.Parts[name], want)
			}
		}
		// Liveness never depends on readiness.
		if code, body := get(t, h, "/healthz"); code != 200 || strings.TrimSpace(body) != "ok" {
			t.Errorf("%s: healthz = %d %q", st.name, code, body)
		}
	}
}

func TestBadChecksAreNotReady(t *testing.T) {
	tests := []struct {
		name  string
		check func() error
		want  string
	}{
		{"panics", func() error { panic("boom") }, "check panicked: boom"},
		{"nil check", nil, "no check registered"},
		{"hangs", func() error { select {} }, "did not answer"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := New("127.0.0.1:0", nil, nil)
			s.Register("ok", func() error { return nil })
			s.Register("bad", tc.check)
			code, r := readiness(t, s.Handler())
			if code != 503 || r.Ready {
				t.Fatalf("code %d ready %v, want 503", code, r.Ready)
			}
			if !strings.Contains(r.Parts["bad"], tc.want) {
				t.Errorf("bad part = %q, want it to contain %q", r.Parts["bad"], tc.want)
			}
		})
	}
}

func TestRegisterReplaces(t *testing.T) {
	s := New("127.0.0.1:0", nil, nil)
	s.Register("worker", func() error { return errors.New("down") })
	s.Register("worker", func() error { return nil })
	code, r := readiness(t, s.Handler())
	if code != 200 || len(r.Parts) != 1 {
		t.Fatalf("code %d parts %v, want 200 and one part", code, r.Parts)
	}
}

func TestServesMetricsOverTCP(t *testing.T) {
	m := telemetry.New()
	m.ObserveCommand("analyze", "ok")
	s := New("127.0.0.1:0", m, nil)
	if err := s.Start(); err != nil {
		t.Fatalf("Start: %v", err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := s.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
	}()
	resp, err := http.Get("http://" + s.Addr() + "/metrics")
	if err != nil {
		t.Fatalf("GET /metrics: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), `capacitybot_commands_total{command="analyze",outcome="ok"} 1`) {
		t.Fatalf("metrics: %d\n%s", resp.StatusCode, body)
	}
}

func TestStartNamesHTTPAddrOnBindError(t *testing.T) {
	first := New("127.0.0.1:0", nil, nil)
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = first.Shutdown(context.Background()) }()
	err := New(first.Addr(), nil, nil).Start()
	if err == nil || !strings.Contains(err.Error(), "HTTP_ADDR") {
		t.Fatalf("err = %v, want one naming HTTP_ADDR", err)
	}
}

// TestDrainStartedDuringChecksIsReported checks that a drain which begins
// while the parts are being checked (and so is already stopping them) is
// reported as draining, not as a part mysteriously failing.
func TestDrainStartedDuringChecksIsReported(t *testing.T) {
	s := New("127.0.0.1:0", nil, nil)
	s.Register("worker", func() error {
		s.SetDraining()
		return errors.New("worker stopping")
	})
	r := s.Readiness()
	if r.Ready || !r.Draining {
		t.Fatalf("readiness %+v, want not ready and draining", r)
	}
}
