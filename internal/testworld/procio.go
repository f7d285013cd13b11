package testworld

import (
	"bytes"
	"net"
	"strings"
	"sync"
	"testing"
)

// FreeAddr returns a loopback address with a port nobody listens on now.
func FreeAddr(tb testing.TB) string {
	tb.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("finding a free port: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		tb.Fatalf("releasing %s: %v", addr, err)
	}
	return addr
}

// SyncBuffer is a bytes.Buffer that a process's output copier and the test
// may use at once.
type SyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *SyncBuffer) Write(b []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(b)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// tailLineBytes bounds one line of a Tail, so that a huge log line (a
// payload dump) cannot bury the others.
const tailLineBytes = 500

// Tail is the last n lines of a log, each clipped, for a failure report.
func Tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	for i, l := range lines {
		lines[i] = Clip(l, tailLineBytes)
	}
	return strings.Join(lines, "\n")
}
