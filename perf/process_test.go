package perf

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/capacitybot/capacitybot/internal/testworld"
)

// botProcess is the binary running in console mode, its stdin a pipe kept
// open so that the console never sees the end of its input.
type botProcess struct {
	cmd      *exec.Cmd
	stdin    io.WriteCloser
	stdout   testworld.SyncBuffer
	stderr   testworld.SyncBuffer
	httpAddr string
}

// startBot runs the binary with only the given settings (a clean
// environment: no Slack, Temporal or Cloud keys leak in from the caller's),
// in an empty working folder so that no .env is read.
func startBot(tb testing.TB, binary string, env ...string) *botProcess {
	tb.Helper()
	dir := tb.TempDir()
	p := &botProcess{httpAddr: testworld.FreeAddr(tb)}
	p.cmd = exec.Command(binary)
	p.cmd.Dir = dir
	p.cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TMPDIR=" + os.TempDir(),
		"DATA_DIR=" + filepath.Join(dir, "data"), "HTTP_ADDR=" + p.httpAddr, "LOG_FORMAT=json"}, env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	in, err := p.cmd.StdinPipe()
	if err != nil {
		tb.Fatalf("stdin pipe: %v", err)
	}
	p.stdin = in
	if err := p.cmd.Start(); err != nil {
		tb.Fatalf("starting %s: %v", binary, err)
	}
	tb.Cleanup(func() { p.stop(tb) })
	return p
}

// stop sends SIGINT (a graceful drain) and waits; a process still running
// after the drain is killed and reported.
func (p *botProcess) stop(tb testing.TB) {
	if p.cmd.ProcessState != nil {
		return
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(40 * time.Second):
		_ = p.cmd.Process.Kill()
		<-done
		tb.Errorf("capacitybot pid %d did not stop within 40s of SIGINT; killed", p.cmd.Process.Pid)
	}
	_ = p.stdin.Close()
}

// waitReady polls /readyz until it answers 200, the process exits, or the
// deadline passes.
func (p *botProcess) waitReady(tb testing.TB, timeout time.Duration) time.Duration {
	tb.Helper()
	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	url := "http://" + p.httpAddr + "/readyz"
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			_ = resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start)
			}
		}
		if _, err := RSS(p.cmd.Process.Pid); err != nil {
			tb.Fatalf("capacitybot exited before ready:\n%s", testworld.Tail(p.stderr.String(), tailLines))
		}
		select {
		case <-ctx.Done():
			tb.Fatalf("capacitybot not ready after %v:\n%s", timeout, testworld.Tail(p.stderr.String(), tailLines))
		case <-tick.C:
		}
	}
}

// sampleMem reads the process's memory every interval until done returns
// true or the timeout passes, returning the peak of each figure and whether
// done was seen.
func sampleMem(tb testing.TB, pid int, interval, timeout time.Duration, done func() bool) (peak Mem, finished bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		m, err := ReadMem(pid)
		if err != nil {
			tb.Fatalf("sampling memory: %v", err)
		}
		peak = Mem{RSS: max(peak.RSS, m.RSS), Anon: max(peak.Anon, m.Anon), File: max(peak.File, m.File)}
		if done() {
			return peak, true
		}
		if time.Now().After(deadline) {
			return peak, false
		}
		<-tick.C
	}
}

// tailLines is how much of a log a failure shows.
const tailLines = 40
